// The attributes every cookie of ours carries, and the `__Host-` prefix in production.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';

export interface CookieJar {
  get(c: Context): string | undefined;
  /** Sets the cookie for `maxAge` seconds (the jar's default when omitted). */
  set(c: Context, value: string, maxAge?: number): void;
  clear(c: Context): void;
}

export interface CookieSettings {
  secure: boolean;
  sameSite: 'Lax' | 'Strict';
  /** Default lifetime, in seconds. */
  maxAge: number;
}

/** The name the browser stores: `__Host-{name}` when Secure (Hono's `prefix: 'host'` adds it). */
export const storedCookieName = (name: string, secure: boolean) => (secure ? `__Host-${name}` : name);

/**
 * A cookie that is HttpOnly, Path=/, with no Domain and a Max-Age; in production also Secure with the
 * `__Host-` prefix, which the browser enforces: no subdomain can plant or overwrite it.
 */
export function cookieJar(name: string, settings: CookieSettings): CookieJar {
  const prefix = settings.secure ? ('host' as const) : undefined;
  const attributes = cookieAttributes(settings);
  return {
    get: (c) => (prefix ? getCookie(c, name, prefix) : getCookie(c, name)),
    set: (c, value, maxAge = settings.maxAge) => setCookie(c, name, value, { ...attributes, maxAge }),
    clear: (c) => {
      deleteCookie(c, name, attributes);
    },
  };
}

/** Hono's options for a cookie with `settings`. */
export function cookieAttributes(settings: CookieSettings): CookieOptions {
  return {
    httpOnly: true,
    path: '/',
    sameSite: settings.sameSite,
    secure: settings.secure,
    maxAge: settings.maxAge,
    ...(settings.secure && { prefix: 'host' as const }),
  };
}

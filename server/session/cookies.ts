// The names and attributes of our two cookies: the session and the sign-in nonce.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';

export interface CookieJar {
  get(c: Context): string | undefined;
  set(c: Context, value: string): void;
  clear(c: Context): void;
}

/**
 * A cookie that is HttpOnly, Path=/, with no Domain and a Max-Age; in production also Secure with the
 * `__Host-` prefix, which the browser enforces: no subdomain can plant or overwrite it.
 */
export function cookieJar(
  name: string,
  options: { secure: boolean; maxAge: number; sameSite: 'Lax' | 'Strict' },
): CookieJar {
  const prefix = options.secure ? ('host' as const) : undefined;
  const attributes: CookieOptions = {
    httpOnly: true,
    path: '/',
    sameSite: options.sameSite,
    secure: options.secure,
    maxAge: options.maxAge,
    ...(prefix && { prefix }),
  };
  return {
    get: (c) => (prefix ? getCookie(c, name, prefix) : getCookie(c, name)),
    set: (c, value) => setCookie(c, name, value, attributes),
    clear: (c) => {
      deleteCookie(c, name, attributes);
    },
  };
}

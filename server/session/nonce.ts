// Sign-in nonces without server state until redeemed (OIDC Core 15.5.2): a random value in an HttpOnly
// cookie, its hash sent to Microsoft as the nonce, so only the browser holding the cookie can use the token.
// One cookie per outstanding sign-in, so that several tabs or buttons of one browser each keep their own.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { cookieAttributes, storedCookieName } from './cookies.ts';

/** How long a sign-in may take from nonce to token, in seconds. */
export const nonceLifetime = 10 * 60;
/** Nonce cookies one browser may hold; a new one beyond this replaces the oldest. */
export const maxOutstandingNonces = 8;

const namePrefix = 'ms-nonce-';

/** A nonce cookie the browser sent back: the nonce it binds, and when it was issued. */
export interface NonceCandidate {
  /** The cookie's name without the `__Host-` prefix: `ms-nonce-<slot>`. */
  name: string;
  nonce: string;
  /** Milliseconds since the epoch; the nonce is good until `issuedAt + nonceLifetime`. */
  issuedAt: number;
}

export interface NonceCookies {
  /** Sets a fresh nonce cookie (dropping expired ones and the oldest beyond the cap); returns the nonce. */
  issue(c: Context): string;
  /** The unexpired nonces this browser holds, newest first. */
  candidates(c: Context): NonceCandidate[];
  /** Clears one nonce cookie: its sign-in is over. */
  clear(c: Context, name: string): void;
}

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * The value is `<issued at, base 36 ms>.<32 random bytes>` and the nonce its hash, so the time cannot be
 * changed without changing the nonce: a cookie kept past its Max-Age is still refused.
 */
export function nonceCookies(options: { secure: boolean }): NonceCookies {
  const attributes = cookieAttributes({ secure: options.secure, sameSite: 'Strict', maxAge: nonceLifetime });
  const stored = storedCookieName(namePrefix, options.secure);
  const clear = (c: Context, name: string) => void deleteCookie(c, name, attributes);

  function held(c: Context): Array<NonceCandidate | { name: string; issuedAt: undefined }> {
    return Object.entries(getCookie(c))
      .filter(([cookieName]) => cookieName.startsWith(stored) && /^[0-9a-f]{8}$/.test(cookieName.slice(stored.length)))
      .map(([cookieName, value]) => {
        const name = namePrefix + cookieName.slice(stored.length);
        const match = /^([0-9a-z]{1,11})\.[A-Za-z0-9_-]{43}$/.exec(value);
        const issuedAt = match ? parseInt(match[1]!, 36) : NaN;
        const fresh = issuedAt <= Date.now() && Date.now() < issuedAt + nonceLifetime * 1000;
        return fresh ? { name, nonce: hash(value), issuedAt } : { name, issuedAt: undefined };
      });
  }
  const isCandidate = (cookie: ReturnType<typeof held>[number]): cookie is NonceCandidate =>
    cookie.issuedAt !== undefined;

  return {
    issue(c) {
      const cookies = held(c);
      for (const cookie of cookies) if (!isCandidate(cookie)) clear(c, cookie.name);
      const oldestFirst = cookies.filter(isCandidate).sort((a, b) => a.issuedAt - b.issuedAt);
      for (const cookie of oldestFirst.slice(0, Math.max(0, oldestFirst.length - maxOutstandingNonces + 1))) {
        clear(c, cookie.name);
      }
      const value = `${Date.now().toString(36)}.${randomBytes(32).toString('base64url')}`;
      setCookie(c, namePrefix + randomBytes(4).toString('hex'), value, attributes);
      return hash(value);
    },
    candidates: (c) =>
      held(c)
        .filter(isCandidate)
        .sort((a, b) => b.issuedAt - a.issuedAt),
    clear,
  };
}

// The sign-in nonce without server state (OIDC Core 15.5.2): a random value in an HttpOnly cookie,
// its hash sent to Microsoft as the nonce, so only the browser holding the cookie can use the token.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { CookieJar } from './cookies.ts';

/** How long a sign-in may take from nonce to token, in seconds. */
export const nonceLifetime = 10 * 60;

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');

/** Sets a fresh nonce cookie and returns the nonce the browser passes to `loginPopup`. */
export function issueNonce(c: Context, jar: CookieJar): string {
  const value = randomBytes(32).toString('base64url');
  jar.set(c, value);
  return hash(value);
}

/** Returns the nonce bound to this browser, if any, and clears the cookie: a nonce serves one sign-in. */
export function takeNonce(c: Context, jar: CookieJar): string | undefined {
  const value = jar.get(c);
  if (value === undefined) return undefined;
  jar.clear(c);
  return hash(value);
}

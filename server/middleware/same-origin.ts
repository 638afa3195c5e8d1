// CSRF defence for cookie-authenticated state changes: only our own pages and ALLOWED_ORIGINS may make them.
import type { Context, MiddlewareHandler } from 'hono';
import { AccessDeniedError } from '../errors.ts';
import { clientOf } from './client-request.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a POST, PUT, PATCH or DELETE with 403 unless its `Origin` is the server's own public origin or
 * one of `allowedOrigins`, or, with no `Origin`, the browser vouches with `Sec-Fetch-Site: same-origin`.
 * The public origin is client-request.ts's: behind a trusted proxy (TRUST_PROXY), the one its
 * `X-Forwarded-Proto`/`-Host` name, so a site behind a TLS-terminating proxy needs no ALLOWED_ORIGINS.
 *
 * Hono's `csrf()` checks only form-like content types (a JSON `fetch` passes it unchecked), so this
 * checks every unsafe request whatever its body. Where a bearer token may stand in for the cookie (a browser never
 * attaches one by itself), the guard calls {@link assertSameOrigin} after authentication instead (require-user.ts).
 */
export function requireSameOrigin(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  return async function sameOrigin(c, next) {
    assertSameOrigin(c, allowed);
    return next();
  };
}

/** Throws the 403 `origin_not_allowed` of {@link requireSameOrigin} for an unsafe request from elsewhere. */
export function assertSameOrigin(c: Context, allowed: ReadonlySet<string>): void {
  if (safeMethods.has(c.req.method)) return;
  const origin = c.req.header('Origin');
  const trusted =
    origin === undefined
      ? c.req.header('Sec-Fetch-Site') === 'same-origin'
      : // Our own origin comes from the Host header, or a trusted proxy's X-Forwarded-Proto/-Host: a
        // cross-site page can set none of them (a custom header on a cross-site request needs a preflight).
        allowed.has(origin) || origin === clientOf(c).origin;
  if (!trusted) throw new AccessDeniedError('origin_not_allowed', 'This request must come from an allowed origin.');
}

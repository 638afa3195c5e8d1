// CORS with credentials for ALLOWED_ORIGINS only: sibling sites may call /auth and /api, nobody else.
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { setResponseHeader } from './response-headers.ts';

const allowMethods = ['GET', 'POST', 'PATCH', 'DELETE'];
const allowHeaders = ['Content-Type', 'Authorization'];
// GET /api/tasks names its next page in `Link`: without this a cross-origin script could not see there are more.
const exposeHeaders = 'Link';

/**
 * CORS for an allowlist; an origin not on it gets no `Access-Control-Allow-Origin` at all. A preflight
 * (OPTIONS) is answered by Hono's `cors()`. Any other request gets `Vary: Origin`, and the allow and expose
 * headers only when its `Origin` is on the list; they are written straight onto Node's response
 * (response-headers.ts): Hono's `cors()` builds a WHATWG `Response` and `Headers` on every request for
 * them, which cost more than the route (docs/benchmarks.md).
 *
 * @example app.use('/api/*', corsForAllowedOrigins(config.allowedOrigins))
 */
export function corsForAllowedOrigins(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  const preflight = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods,
    allowHeaders,
    exposeHeaders: [exposeHeaders],
    maxAge: 600,
  });
  return async function corsForAllowedOrigins(c, next) {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = c.req.header('Origin');
    if (origin !== undefined && allowed.has(origin)) {
      setResponseHeader(c, 'Access-Control-Allow-Origin', origin);
      setResponseHeader(c, 'Access-Control-Allow-Credentials', 'true');
      setResponseHeader(c, 'Access-Control-Expose-Headers', exposeHeaders);
    }
    // The answer depends on Origin: a shared cache must not give one origin's answer to another. (No route under
    // /auth or /api sets a Vary of its own, which would replace this one.)
    setResponseHeader(c, 'Vary', 'Origin');
    return next();
  };
}

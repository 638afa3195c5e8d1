// CORS with credentials for ALLOWED_ORIGINS only: sibling sites may call /auth and /api, nobody else.
import { cors } from 'hono/cors';

/** Hono's `cors()` with an allowlist; an origin not on it gets no `Access-Control-Allow-Origin` at all. */
export function corsForAllowedOrigins(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type', 'Authorization'],
    // GET /api/tasks names its next page in `Link`: without this a cross-origin script could not see there are more.
    exposeHeaders: ['Link'],
    maxAge: 600,
  });
}

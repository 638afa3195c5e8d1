// Fixed response headers (security headers, request id, no-store) written straight onto Node's response.
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * Sets `name: value` on the response of `c` unless the route sets its own. Under Node it goes onto the
 * outgoing `ServerResponse` (`setHeader`; Node lets headers the route returns win when it writes them),
 * which keeps the route's response a plain object: a WHATWG `Headers` built per request cost more than
 * the route itself. Without Node (`app.request` in tests) it goes onto the Fetch response.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else if (!c.res.headers.has(name)) c.res.headers.set(name, value);
}

/**
 * Adds `headers` (computed once, when the app is built) to every response; a header the route sets
 * itself wins (/sdk's own Cross-Origin-Resource-Policy).
 *
 * @example app.use(responseHeaders([['X-Content-Type-Options', 'nosniff']]))
 */
export function responseHeaders(headers: ReadonlyArray<readonly [string, string]>): MiddlewareHandler {
  return async function responseHeaders(c, next) {
    const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    if (outgoing) {
      for (const [name, value] of headers) outgoing.setHeader(name, value);
      return next();
    }
    await next();
    for (const [name, value] of headers) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  };
}

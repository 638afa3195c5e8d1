// The request's id: a proxy's X-Request-Id when it is a short token, else a new one; returned in X-Request-Id.
import type { MiddlewareHandler } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import { setResponseHeader } from './response-headers.ts';

/** Longest X-Request-Id kept from a proxy; a longer one, or one with other characters, is replaced. */
const maxLength = 64;
// Letters, digits, `_`, `-` and `=` only: the id goes into log lines and a response header as it is.
const unsafe = /[^\w\-=]/;

/**
 * Hono's `requestId()` with the header written by {@link setResponseHeader}, so that it costs no
 * per-request `Headers` object.
 *
 * @example app.use(requestId())
 */
export function requestId(): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async function requestId(c, next) {
    let id = c.req.header('X-Request-Id');
    if (!id || id.length > maxLength || unsafe.test(id)) id = crypto.randomUUID();
    c.set('requestId', id);
    setResponseHeader(c, 'X-Request-Id', id);
    await next();
  };
}

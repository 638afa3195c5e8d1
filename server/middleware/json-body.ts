// Admits only small JSON bodies on the routes that take one: 415, 413 and 400 before any validation.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BodyTooLargeError, InvalidRequestError, UnsupportedMediaTypeError } from '../errors.ts';

/** Largest body of an /api request, in bytes: a task is a title of 200 characters. */
export const maxApiBody = 8 * 1024;

/**
 * Requires `Content-Type: application/json` (415 otherwise, including no type at all: a form or
 * `text/plain` is what a cross-site page can send without a preflight) and a body of at most `maxSize`
 * bytes (413, the connection then closed).
 */
export function requireJsonBody(maxSize: number): [MiddlewareHandler, MiddlewareHandler] {
  const requireJsonType: MiddlewareHandler = async (c, next) => {
    const type = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') throw new UnsupportedMediaTypeError();
    return next();
  };
  const limitStream = bodyLimit({
    maxSize,
    onError: () => {
      throw new BodyTooLargeError(); // its response closes the connection (error-handler.ts)
    },
  });
  // A Content-Length (Node's parser has already refused a malformed one) decides before any read, as in Hono's
  // bodyLimit, whose first step (`c.req.raw.body`) would build a WHATWG Request per call under Node: the JSON
  // is then read straight from Node's request. A chunked body is counted by Hono as it streams in.
  const limit: MiddlewareHandler = async function limitBody(c, next) {
    const length = c.req.header('Content-Length');
    if (length === undefined || c.req.header('Transfer-Encoding') !== undefined) return limitStream(c, next);
    if (Number(length) > maxSize) throw new BodyTooLargeError();
    return next();
  };
  return [requireJsonType, limit];
}

const parseJson: MiddlewareHandler = async (c, next) => {
  try {
    await c.req.json();
  } catch {
    throw new InvalidRequestError('invalid_body', 'The body is not valid JSON.');
  }
  return next();
};

/**
 * {@link requireJsonBody} with {@link maxApiBody}, then parseable JSON (400 `invalid_body`). Hono caches
 * the parsed body, so the zod validator after these reads it again for free.
 *
 * @example createRoute({ method: 'post', path: '/tasks', middleware: jsonBody(), … })
 */
export function jsonBody(): [MiddlewareHandler, MiddlewareHandler, MiddlewareHandler] {
  return [...requireJsonBody(maxApiBody), parseJson];
}

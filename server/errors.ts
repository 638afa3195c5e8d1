// The errors the server answers with: one base class with a stable code and an HTTP status, a subclass per
// kind. Thrown anywhere on the request path; error-handler.ts alone turns them into responses.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { setResponseHeader } from './middleware/response-headers.ts';

/** Codes of a credential that failed verification (docs/http-api.md). */
export type AuthErrorCode =
  | 'id_token_malformed'
  | 'id_token_invalid'
  | 'id_token_expired'
  | 'issuer_invalid'
  | 'audience_invalid'
  | 'tenant_not_allowed'
  | 'nonce_missing'
  | 'nonce_mismatch'
  | 'nonce_used'
  | 'session_missing'
  | 'session_invalid'
  | 'session_expired'
  | 'session_revoked'
  | 'access_token_malformed'
  | 'access_token_invalid'
  | 'access_token_expired';

export type AccessDeniedCode = 'insufficient_scope' | 'role_required' | 'origin_not_allowed';

/** 400: the request's body, path parameters or query are not what the route takes (the message names the field). */
export type InvalidRequestCode = 'invalid_body' | 'invalid_parameter' | 'invalid_query' | 'invalid_request';

/**
 * The base of every failure the server answers with, after jose's `JOSEError`: a stable `code` for programs,
 * the HTTP `status` it stands for, a message for people, and `cause` passed through. No message ever holds a
 * token or anything else the request brought.
 */
export abstract class HttpError extends Error {
  abstract readonly status: ContentfulStatusCode;
  abstract readonly code: string;
}

/** A token or session that failed verification: 401. */
export class AuthError extends HttpError {
  override name = 'AuthError';
  readonly status = 401;
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * `new AuthError(code, message)` without a stack trace, for refusals a client can trigger at will (no cookie,
 * a forged one): nobody reads their stack (the error handler logs codes and names only), and capturing it cost
 * more than the rest of a 401 (docs/benchmarks.md).
 */
export function refusal(code: AuthErrorCode, message: string): AuthError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new AuthError(code, message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * A valid credential that does not grant what the request needs (RFC 6750 `insufficient_scope`, a missing app
 * role), or a state change from an origin that may not make it: 403. `bearerScope`: to a bearer caller lacking a
 * scope, the scope to name in the RFC 6750 challenge (a cookie caller gets none: it cannot fetch another token).
 */
export class AccessDeniedError extends HttpError {
  override name = 'AccessDeniedError';
  readonly status = 403;
  readonly bearerScope: string | undefined;
  constructor(
    readonly code: AccessDeniedCode,
    message: string,
    options?: { bearerScope?: string },
  ) {
    super(message);
    this.bearerScope = options?.bearerScope;
  }
}

/** A request the route cannot take: 400. */
export class InvalidRequestError extends HttpError {
  override name = 'InvalidRequestError';
  readonly status = 400;
  constructor(
    readonly code: InvalidRequestCode,
    message: string,
  ) {
    super(message);
  }
}

/** A body that is not `application/json` (a form or `text/plain`, what a cross-site page can send): 415. */
export class UnsupportedMediaTypeError extends HttpError {
  override name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  constructor() {
    super('Send the body as application/json.');
  }
}

/** A body over the route's limit: 413, and the connection is closed (the rest of the body is never read). */
export class BodyTooLargeError extends HttpError {
  override name = 'BodyTooLargeError';
  readonly status = 413;
  readonly code = 'body_too_large';
  constructor() {
    super('The request body is too large.');
  }
}

/** A client address that spent its budget: 429 with `Retry-After: retryAfter` (seconds). */
export class RateLimitedError extends HttpError {
  override name = 'RateLimitedError';
  readonly status = 429;
  readonly code = 'rate_limited';
  constructor(readonly retryAfter: number) {
    super('Too many attempts. Wait a minute, then try again.');
  }
}

/** Something the server depends on cannot be reached: 503, the client may retry; logged with the kind of cause. */
export abstract class UnavailableError extends HttpError {
  readonly status = 503;
}

/** The identity provider's keys or metadata could not be fetched or read. */
export class ProviderUnavailableError extends UnavailableError {
  override name = 'ProviderUnavailableError';
  readonly code = 'idp_unavailable';
}

/**
 * The store of sessions, nonces or rate limits (Redis) cannot be reached: never a session accepted unchecked.
 * The message is generic; the cause stays in the server's log.
 */
export class StoreUnavailableError extends UnavailableError {
  override name = 'StoreUnavailableError';
  readonly code = 'store_unavailable';
  constructor(options?: { cause?: unknown }) {
    super('The session store is unavailable. Try again in a moment.', options);
  }
}

/** `errorCode`: the code of the error response, once one is made; for the log and the metrics. */
export type ErrorCodeVariables = { errorCode?: string };

/**
 * `bearerChallenge`: set by the middleware that guards a resource with a credential (`requireUser`,
 * `/auth/check`) before it checks one: a 401 from there on carries RFC 6750's `invalid_token` challenge,
 * whichever credential was refused (error-handler.ts).
 */
export type ChallengeVariables = { bearerChallenge?: boolean };

/** The JSON error body every failure answers with; its code is also kept on the context, for the request log. */
export function errorResponse(c: Context, status: ContentfulStatusCode, error: string, message: string) {
  c.set('errorCode', error);
  setResponseHeader(c, 'Cache-Control', 'no-store'); // onto Node's response: no WHATWG Headers per failure
  return c.json({ status: 'error', error, message }, status);
}

// Typed errors with stable codes, and the one place where they become HTTP responses.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

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

/** A token or session that failed verification: always a 401. Messages never contain the token. */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A valid credential that does not grant what the request needs (RFC 6750 `insufficient_scope`, a
 * missing app role): always a 403.
 */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';
  constructor(
    readonly code: 'insufficient_scope' | 'role_required',
    message: string,
  ) {
    super(message);
  }
}

/** The identity provider's keys or metadata could not be fetched or read: a 503, the client may retry. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
  readonly code = 'idp_unavailable';
}

/**
 * The store of sessions, nonces or rate limits (Redis) cannot be reached: a 503, never a session accepted
 * unchecked. The message is generic; the cause stays in the server's log.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  readonly code = 'store_unavailable';
  constructor(options?: { cause?: unknown }) {
    super('The session store is unavailable. Try again in a moment.', options);
  }
}

/** `errorCode`: the code of the error response, once one is made; for the log and the metrics. */
export type ErrorCodeVariables = { errorCode?: string };

/** The JSON error body every failure answers with; its code is also kept on the context, for the request log. */
export function errorResponse(c: Context, status: ContentfulStatusCode, error: string, message: string) {
  c.set('errorCode', error);
  c.header('Cache-Control', 'no-store');
  return c.json({ status: 'error', error, message }, status);
}

/** A 401 with the bearer challenge of RFC 6750, whatever the credential was. */
export function unauthorized(c: Context, error: AuthError) {
  c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
  return errorResponse(c, 401, error.code, error.message);
}

/** A 403; to a bearer caller lacking a scope, also the RFC 6750 challenge naming the scope it needs. */
export function forbidden(c: Context, error: AccessDeniedError, bearerScope?: string) {
  if (bearerScope !== undefined) {
    c.header('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${bearerScope}"`);
  }
  return errorResponse(c, 403, error.code, error.message);
}

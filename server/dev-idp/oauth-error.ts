// OAuth 2.0 error codes and the JSON error body in Microsoft Entra's shape.
import { randomUUID } from 'node:crypto';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'invalid_tenant'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'login_required'
  | 'access_denied'
  | 'not_found';

export interface OAuthErrorBody {
  error: OAuthErrorCode;
  error_description: string;
  timestamp: string;
  trace_id: string;
  correlation_id: string;
}

/** Entra echoes the caller's client-request-id as correlation_id; a fresh one otherwise. */
export function oauthErrorBody(error: OAuthErrorCode, description: string, correlationId?: string): OAuthErrorBody {
  return {
    error,
    error_description: description,
    timestamp: new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z'),
    trace_id: randomUUID(),
    correlation_id: correlationId ?? randomUUID(),
  };
}

// Errors in Microsoft Entra's shape: an OAuth error code, an AADSTS number and text, trace and correlation ids.
import { randomUUID } from 'node:crypto';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unauthorized_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'invalid_tenant'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'login_required'
  | 'interaction_required'
  | 'consent_required'
  | 'access_denied'
  | 'not_found';

/** An error as Entra reports it, before it is shaped for a JSON body, a redirect or a page. */
export interface EntraError {
  error: OAuthErrorCode;
  /** The AADSTS number, e.g. 50011. */
  code: number;
  /** The text after `AADSTSnnnnn: `. */
  message: string;
}

/** The token endpoint's (and discovery's) JSON error body, field for field as Entra's. */
export interface OAuthErrorBody {
  error: OAuthErrorCode;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/** What identifies one failed request in Entra's logs; the description ends with the same three lines. */
export interface ErrorTrace {
  traceId: string;
  correlationId: string;
  /** `2026-12-02 03:04:05Z`, Entra's format. */
  timestamp: string;
}

/** Entra echoes the caller's client-request-id as the correlation id; a fresh one otherwise. */
export function errorTrace(correlationId?: string): ErrorTrace {
  return {
    traceId: randomUUID(),
    correlationId: correlationId || randomUUID(),
    timestamp: new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z'),
  };
}

/** `AADSTSnnnnn: message` then the Trace ID, Correlation ID and Timestamp lines, separated by CRLF as Entra's. */
export function errorDescription(failure: EntraError, trace: ErrorTrace): string {
  return [
    `AADSTS${failure.code}: ${failure.message}`,
    `Trace ID: ${trace.traceId}`,
    `Correlation ID: ${trace.correlationId}`,
    `Timestamp: ${trace.timestamp}`,
  ].join('\r\n');
}

/** Entra's page about one error code; it sends this as `error_uri`. */
export function errorUri(baseUrl: string, code: number): string {
  return `${baseUrl}/error?code=${code}`;
}

export function oauthErrorBody(baseUrl: string, failure: EntraError, correlationId?: string): OAuthErrorBody {
  const trace = errorTrace(correlationId);
  return {
    error: failure.error,
    error_description: errorDescription(failure, trace),
    error_codes: [failure.code],
    timestamp: trace.timestamp,
    trace_id: trace.traceId,
    correlation_id: trace.correlationId,
    error_uri: errorUri(baseUrl, failure.code),
  };
}

/** The parameters Entra adds to the redirect URI for an error: error, error_description, error_uri (and state). */
export function redirectErrorParameters(
  baseUrl: string,
  failure: EntraError,
  correlationId?: string,
): Record<string, string> {
  return {
    error: failure.error,
    error_description: errorDescription(failure, errorTrace(correlationId)),
    error_uri: errorUri(baseUrl, failure.code),
  };
}

// The one place where a thrown error becomes an HTTP response: the app's `onError` (errors.ts has the kinds).
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  AccessDeniedError,
  AuthError,
  BodyTooLargeError,
  type ChallengeVariables,
  errorResponse,
  HttpError,
  RateLimitedError,
  UnavailableError,
} from './errors.ts';
import { setResponseHeader } from './middleware/response-headers.ts';
import type { SignInLogger } from './sign-in/options.ts';
import { routeOf } from './observability/request-log.ts';

/**
 * Creates the app's error handler: an {@link HttpError} answers its status and code with the JSON error body
 * (and `Cache-Control: no-store`), plus the headers its kind calls for; a 503 is also logged at `warn` with the
 * kind of its cause. Hono's own `HTTPException` (a body the validator could not parse) is a 400 `bad_request`;
 * anything else a 500 `internal_error`, logged by its name only.
 *
 * @example app.onError(createErrorHandler(logger))
 */
export function createErrorHandler(logger: SignInLogger): ErrorHandler {
  return function handleError(error, c) {
    if (error instanceof HttpError) {
      if (error instanceof UnavailableError) {
        // The kind of failure, never its details: messages of fetch errors may carry URLs with secrets.
        logger.warn({ ...where(c), cause: describeCause(error.cause) }, error.message);
      }
      for (const [name, value] of headersFor(
        error,
        (c as Context<{ Variables: ChallengeVariables }>).get('bearerChallenge') === true,
      ))
        setResponseHeader(c, name, value);
      return errorResponse(c, error.status, error.code, error.message);
    }
    if (error instanceof HTTPException) {
      return errorResponse(c, error.status as 400, 'bad_request', 'The request is not valid.');
    }
    // The name only: messages and stacks can hold request data (a token), in a response or a log line.
    logger.error({ ...where(c), error: error.name }, 'unexpected error');
    return errorResponse(c, 500, 'internal_error', 'Something went wrong on our side.');
  };
}

/** The response headers of an error beside its body. */
function headersFor(error: HttpError, bearerChallenge: boolean): Array<[string, string]> {
  // RFC 6750 3: a resource guarded by a credential answers a refused one with the bearer challenge, whichever
  // credential it was. /auth/microsoft and /auth/logout guard nothing: their 401s carry none.
  if (error instanceof AuthError && bearerChallenge) return [['WWW-Authenticate', 'Bearer error="invalid_token"']];
  // RFC 6750 3.1: a bearer caller can get a token with the scope it lacks, so it is told which.
  if (error instanceof AccessDeniedError && error.bearerScope !== undefined) {
    return [['WWW-Authenticate', `Bearer error="insufficient_scope", scope="${error.bearerScope}"`]];
  }
  // The rest of the body is never read: close the connection rather than reuse a dirty one.
  if (error instanceof BodyTooLargeError) return [['Connection', 'close']];
  if (error instanceof RateLimitedError) return [['Retry-After', String(error.retryAfter)]];
  return [];
}

const where = (c: Context) => ({
  requestId: c.get('requestId'),
  method: c.req.method,
  route: routeOf(c),
});

const describeCause = (cause: unknown) =>
  cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.name) : 'unknown';

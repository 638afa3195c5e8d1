// One log line per request and one per security event, and each request's duration in the metrics.
import type { Context, MiddlewareHandler } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import { matchedRoutes } from 'hono/route';
import type { ErrorCodeVariables } from '../errors.ts';
import { clientOf } from '../middleware/client-request.ts';
import type { UserVariables } from '../middleware/require-user.ts';
import type { SignInLogger } from '../sign-in/options.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { SessionUserVariables } from './observe-sessions.ts';

type Variables = RequestIdVariables & ErrorCodeVariables & SessionUserVariables & Partial<UserVariables>;

export type SecurityEvent = 'token_refused' | 'csrf_refused' | 'rate_limited';

const eventMessages: Record<SecurityEvent, string> = {
  token_refused: 'token refused',
  csrf_refused: 'cross-origin request refused',
  rate_limited: 'rate limited',
};

/**
 * Logs each request once it has its response: `info` (`error` for a 5xx) with method, route pattern,
 * status, duration, request id, the error code of a failure and the user once known; before it, a `warn`
 * line for a security event. Fields are picked one by one: never a header, a cookie, a body or the query
 * string, which may carry a token. Register it first, so that it sees every response.
 *
 * @example app.use(requestId(), observeRequests(logger, metrics))
 */
export function observeRequests(logger: Logger, metrics: Metrics): MiddlewareHandler<{ Variables: Variables }> {
  return async function observeRequests(c, next) {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    const { method } = c.req;
    const { status } = c.res;
    const route = routeOf(c);
    // Node's HTTP parser knows a fixed list of methods, so `method` is as bounded as `route` and `status`.
    metrics.requestDuration.observe({ method, route, status }, ms / 1000);

    const requestId = c.get('requestId');
    const code = c.get('errorCode');
    const user = userOf(c);
    logSecurityEvent(logger, c);
    const line = {
      event: 'request',
      requestId,
      method,
      route,
      status,
      durationMs: Math.round(ms * 10) / 10,
      ...(code !== undefined && { code }),
      ...user,
    };
    if (status >= 500) logger.error(line, 'request failed');
    else logger.info(line, 'request');
  };
}

/** The caller, once known, as the log names them: never a name or an e-mail. */
function userOf(c: Context<{ Variables: Variables }>) {
  const known = c.get('user') ?? c.get('sessionUser');
  return known && { tenantId: known.tenantId, userId: known.id };
}

/** A `warn` line for the response of `c` when it stands for a security event (a refused token, a cross-origin change, a rate limit). */
export function logSecurityEvent(logger: SignInLogger, c: Context): void {
  const code = (c as Context<{ Variables: Variables }>).get('errorCode');
  const event = securityEvent(c.res.status, code);
  if (!event) return;
  const fields = {
    event,
    code,
    requestId: (c as Context<{ Variables: Variables }>).get('requestId'),
    method: c.req.method,
    route: routeOf(c),
    clientAddress: clientOf(c).address,
    ...userOf(c),
  };
  logger.warn(fields, eventMessages[event]);
}

/** The security event a response stands for, if any. */
export function securityEvent(status: number, code: string | undefined): SecurityEvent | undefined {
  // No credential at all (a page asking whether someone is signed in) is not a refusal worth a line.
  if (status === 401 && code !== 'session_missing') return 'token_refused';
  if (status === 403 && code === 'origin_not_allowed') return 'csrf_refused';
  if (status === 429) return 'rate_limited';
  return undefined;
}

/**
 * The route pattern that answered (`/api/tasks/:id`), never the path itself (ids, or anything a client
 * types): a bounded label. With no route of its own, the pattern of the middleware that answered (a CORS
 * preflight on `/api/*`), else `static` for a file of the built page, and `unmatched` for a 404.
 */
export function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  const handler =
    routes.findLast((route) => route.method !== 'ALL') ??
    routes.findLast((route) => route.path !== '*' && route.path !== '/*');
  if (handler) return handler.path;
  return c.res.status === 404 ? 'unmatched' : 'static';
}

// Counts session checks by result, and names the signed-in user for the request log.
import type { Context } from 'hono';
import { AuthError, StoreUnavailableError } from '../errors.ts';
import type { Sessions } from '../session/sessions.ts';
import type { User } from '../user.ts';
import type { Metrics } from './metrics.ts';

/** Set on the context once a session proves who the caller is; read by the request log (request-log.ts). */
export type SessionUserVariables = { sessionUser?: Pick<User, 'tenantId' | 'id'> };

/**
 * `sessions` with every `read` (a cookie check: /api, /auth/check, logout everywhere) counted in
 * `ms_signin_session_checks_total` by result, and the user of a `read` or a `start` (a sign-in) put on the
 * context for the request log.
 *
 * @example const sessions = observeSessions(await createSessions(config, store), metrics);
 */
export function observeSessions(sessions: Sessions, metrics: Metrics): Sessions {
  const name = (c: Context, user: User) => c.set('sessionUser', { tenantId: user.tenantId, id: user.id });
  return {
    ...sessions,
    async start(c, user) {
      await sessions.start(c, user);
      name(c, user);
    },
    async read(c) {
      try {
        const session = await sessions.read(c);
        metrics.sessionChecks.inc({ result: 'valid' });
        name(c, session.user);
        return session;
      } catch (error) {
        metrics.sessionChecks.inc({ result: checkFailure(error) });
        throw error;
      }
    },
  };
}

/** A bounded label: the AuthError code, `store_unavailable`, or `error` for anything unexpected. */
function checkFailure(error: unknown): string {
  if (error instanceof AuthError || error instanceof StoreUnavailableError) return error.code;
  return 'error';
}

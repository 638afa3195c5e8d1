// Puts the signed-in user on the context, or answers 401.
import type { MiddlewareHandler } from 'hono';
import { AuthError, unauthorized } from '../errors.ts';
import type { CookieJar } from '../session/cookies.ts';
import type { SessionCodec } from '../session/session.ts';
import type { User } from '../user.ts';

export type UserVariables = { user: User };

/** Requires a valid session cookie; a present but invalid or expired one is also cleared. */
export function requireUser(sessions: SessionCodec, sessionCookie: CookieJar): MiddlewareHandler<{ Variables: UserVariables }> {
  return async function requireUser(c, next) {
    const token = sessionCookie.get(c);
    if (token === undefined) {
      return unauthorized(c, new AuthError('session_missing', 'Sign in to continue.'));
    }
    try {
      c.set('user', await sessions.read(token));
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      sessionCookie.clear(c);
      return unauthorized(c, error);
    }
    await next();
  };
}

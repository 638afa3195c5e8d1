// Puts the caller on the context, proven by the session cookie or by an `Authorization: Bearer` access token.
import type { MiddlewareHandler } from 'hono';
import type { AccessTokenVerifier } from '../entra/verify-access-token.ts';
import { AuthError, type ChallengeVariables } from '../errors.ts';
import type { Sessions } from '../session/sessions.ts';
import type { ApiUser } from '../user.ts';

/** `sessionId`: the record id of the session that made the request; none for a bearer token. */
export type UserVariables = { user: ApiUser; sessionId?: string };

export interface RequireUserOptions {
  sessions: Sessions;
  verifyAccessToken: AccessTokenVerifier;
  /**
   * The API's delegated scope. A session carries it implicitly: the cookie is only ever issued to our own
   * (first-party) pages, which is what granting the scope to a client would otherwise establish.
   */
  apiScope: string;
}

// RFC 6750 2.1: "Bearer" (any case), one or more spaces, a token68. Anything else is not a bearer credential.
const bearerHeader = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Requires a caller. With an `Authorization` header, that header alone decides: a valid bearer access
 * token, or 401; the cookie is then ignored, so a bad token never falls back to an ambient credential.
 * Without one, a live session (cookie and record), or 401 (a present but invalid cookie is also cleared);
 * 503 when the session store cannot be reached. Failures are thrown (errors.ts) and answered by the app's
 * error handler, every 401 with RFC 6750's `invalid_token` challenge.
 *
 * @example api.use(requireUser({ sessions, verifyAccessToken, apiScope: config.apiScope }))
 */
export function requireUser(
  options: RequireUserOptions,
): MiddlewareHandler<{ Variables: UserVariables & ChallengeVariables }> {
  const { sessions, verifyAccessToken, apiScope } = options;

  return async function requireUser(c, next) {
    c.set('bearerChallenge', true);
    const authorization = c.req.header('Authorization');
    if (authorization !== undefined) {
      const token = bearerHeader.exec(authorization)?.[1];
      if (token === undefined) {
        throw new AuthError('access_token_malformed', 'Send the access token as "Authorization: Bearer <token>".');
      }
      c.set('user', await verifyAccessToken(token));
      return next();
    }

    const { user, record } = await sessions.read(c);
    c.set('user', { ...user, scopes: [apiScope], credential: 'session' });
    c.set('sessionId', record.id);
    return next();
  };
}

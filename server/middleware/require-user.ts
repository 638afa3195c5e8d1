// Puts the caller on the context, proven by the session cookie or by an `Authorization: Bearer` access token.
import type { MiddlewareHandler } from 'hono';
import type { AccessTokenVerifier } from '../entra/verify-access-token.ts';
import {
  AccessDeniedError,
  AuthError,
  errorResponse,
  forbidden,
  ProviderUnavailableError,
  unauthorized,
} from '../errors.ts';
import type { CookieJar } from '../session/cookies.ts';
import type { SessionCodec } from '../session/session.ts';
import type { ApiUser } from '../user.ts';

export type UserVariables = { user: ApiUser };

export interface RequireUserOptions {
  sessions: SessionCodec;
  sessionCookie: CookieJar;
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
 * Without one, a valid session cookie, or 401 (a present but invalid cookie is also cleared).
 *
 * @example api.use(requireUser({ sessions, sessionCookie, verifyAccessToken, apiScope: config.apiScope }))
 */
export function requireUser(options: RequireUserOptions): MiddlewareHandler<{ Variables: UserVariables }> {
  const { sessions, sessionCookie, verifyAccessToken, apiScope } = options;

  return async function requireUser(c, next) {
    const authorization = c.req.header('Authorization');
    if (authorization !== undefined) {
      const token = bearerHeader.exec(authorization)?.[1];
      if (token === undefined) {
        const message = 'Send the access token as "Authorization: Bearer <token>".';
        return unauthorized(c, new AuthError('access_token_malformed', message));
      }
      try {
        c.set('user', await verifyAccessToken(token));
      } catch (error) {
        if (error instanceof AuthError) return unauthorized(c, error);
        if (error instanceof AccessDeniedError) return forbidden(c, error, apiScope);
        if (error instanceof ProviderUnavailableError) return errorResponse(c, 503, error.code, error.message);
        throw error;
      }
      return next();
    }

    const token = sessionCookie.get(c);
    if (token === undefined) {
      return unauthorized(c, new AuthError('session_missing', 'Sign in to continue.'));
    }
    try {
      c.set('user', { ...(await sessions.read(token)), scopes: [apiScope], credential: 'session' });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      sessionCookie.clear(c);
      return unauthorized(c, error);
    }
    return next();
  };
}

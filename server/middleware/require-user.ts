// The guard of a protected route: the caller proven by the session cookie or an `Authorization: Bearer` access
// token, a cookie-authenticated change accepted only from an allowed origin, then the role and scope asked for.
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import type { AccessTokenVerifier } from '../entra/verify-access-token.ts';
import { AuthError, type ChallengeVariables } from '../errors.ts';
import type { Sessions } from '../session/sessions.ts';
import type { ApiUser } from '../user.ts';
import { assertRole } from './require-role.ts';
import { assertScope } from './require-scope.ts';
import { assertSameOrigin } from './same-origin.ts';

/** `sessionId`: the record id of the session that made the request; none for a bearer token. */
export type UserVariables = { user: ApiUser; sessionId?: string };

/** What a route asks of its caller beyond being signed in. */
export interface RequireUserOptions {
  /** An app role the user must hold (`roles` claim): 403 `role_required` otherwise. */
  role?: string;
  /**
   * A delegated scope the credential must grant (`scp`): 403 `insufficient_scope` otherwise. A session
   * grants exactly the API's own scope (`apiScope`); an app-only bearer token (a daemon's) grants none.
   */
  scope?: string;
}

export interface GuardParts {
  sessions: Sessions;
  verifyAccessToken: AccessTokenVerifier;
  /**
   * The API's delegated scope. A session carries it implicitly: the cookie is only ever issued to our own
   * (first-party) pages, which is what granting the scope to a client would otherwise establish.
   */
  apiScope: string;
  /** Origins besides the app's own that may make cookie-authenticated changes (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  /** Answers a refusal (error-handler.ts): the guard answers itself, whatever the host app's own onError. */
  handleError: ErrorHandler;
  /** Puts the client's address and public origin on the context when the app has not (client-request.ts). */
  identifyClient: (c: Context) => void;
}

// RFC 6750 2.1: "Bearer" (any case), one or more spaces, a token68. Anything else is not a bearer credential.
const bearerHeader = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Makes `requireUser(options)`, the guard of protected routes. With an `Authorization` header, that header
 * alone decides: a valid bearer access token, or 401; the cookie is then ignored, so a bad token never falls
 * back to an ambient credential. Without one, a live session (cookie and record), or 401 (a present but invalid
 * cookie is also cleared); 503 when the session store cannot be reached. A cookie caller's POST, PUT, PATCH or
 * DELETE must come from the app's own origin or an allowed one (CSRF: a browser attaches the cookie by itself,
 * never a bearer token). Every 401 carries RFC 6750's `invalid_token` challenge.
 *
 * @example app.get('/admin', requireUser({ role: 'Admin' }), (c) => c.text(c.get('user').name))
 */
export function createRequireUser(parts: GuardParts) {
  const { sessions, verifyAccessToken, apiScope, handleError, identifyClient } = parts;
  const allowedOrigins = new Set(parts.allowedOrigins);

  async function authenticate(c: Context<{ Variables: UserVariables & ChallengeVariables }>): Promise<ApiUser> {
    c.set('bearerChallenge', true);
    const authorization = c.req.header('Authorization');
    if (authorization !== undefined) {
      const token = bearerHeader.exec(authorization)?.[1];
      if (token === undefined) {
        throw new AuthError('access_token_malformed', 'Send the access token as "Authorization: Bearer <token>".');
      }
      return verifyAccessToken(token);
    }
    const { user, record } = await sessions.read(c);
    c.set('sessionId', record.id);
    return { ...user, scopes: [apiScope], credential: 'session' };
  }

  return function requireUser(
    options: RequireUserOptions = {},
  ): MiddlewareHandler<{ Variables: UserVariables & ChallengeVariables }> {
    const role = requiredName(options.role, 'role');
    const scope = requiredName(options.scope, 'scope');
    return async function requireUser(c, next) {
      try {
        identifyClient(c);
        const user = await authenticate(c);
        c.set('user', user);
        if (user.credential === 'session') assertSameOrigin(c, allowedOrigins);
        if (role !== undefined) assertRole(user, role);
        if (scope !== undefined) assertScope(user, scope);
      } catch (error) {
        return handleError(error as Error, c);
      }
      return next();
    };
  };
}

/** An option given as a non-empty string, or undefined; anything else is a mistake of the route's author. */
function requiredName(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`requireUser: options.${option} must be a non-empty string`);
  }
  return value;
}

// Lets a request through only when its caller's credential grants a delegated scope.
import type { MiddlewareHandler } from 'hono';
import { AccessDeniedError } from '../errors.ts';
import type { ApiUser } from '../user.ts';
import type { UserVariables } from './require-user.ts';

/**
 * Throws a 403 `insufficient_scope` (with the RFC 6750 challenge for bearer callers) unless the caller's
 * scopes include `scope`. A session carries exactly the API's own scope (see `requireUser`), so it passes
 * `requireScope(config.apiScope)` and nothing else. A token accepted only for its app roles (a daemon's
 * app-only token) has no scopes: it reaches role-gated routes, never per-user ones.
 *
 * @example api.get('/tasks', requireScope(config.apiScope), handler)
 */
export function requireScope(scope: string): MiddlewareHandler<{ Variables: UserVariables }> {
  return async function requireScope(c, next) {
    assertScope(c.get('user'), scope);
    return next();
  };
}

/** Throws the 403 `insufficient_scope` of {@link requireScope} unless `user`'s credential grants `scope`. */
export function assertScope(user: ApiUser, scope: string): void {
  if (!user.scopes.includes(scope)) {
    throw new AccessDeniedError('insufficient_scope', `This needs the ${scope} scope.`, {
      bearerScope: user.credential === 'bearer' ? scope : undefined,
    });
  }
}

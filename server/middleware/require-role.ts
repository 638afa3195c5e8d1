// Lets a request through only when its caller holds an app role (the `roles` claim).
import type { MiddlewareHandler } from 'hono';
import { AccessDeniedError } from '../errors.ts';
import type { UserVariables } from './require-user.ts';

/**
 * Throws a 403 `role_required` unless the caller (put there by `requireUser`, which must run first) has
 * `role`. Roles come from the token or, for a session, from the ID token it was made from.
 *
 * @example api.get('/admin/tasks', requireRole('Admin'), handler)
 */
export function requireRole(role: string): MiddlewareHandler<{ Variables: UserVariables }> {
  return async function requireRole(c, next) {
    if (!c.get('user').roles.includes(role)) {
      throw new AccessDeniedError('role_required', `This needs the ${role} role.`);
    }
    return next();
  };
}

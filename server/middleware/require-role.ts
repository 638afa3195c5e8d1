// Lets a request through only when its caller holds an app role (the `roles` claim).
import type { MiddlewareHandler } from 'hono';
import { AccessDeniedError } from '../errors.ts';
import type { User } from '../user.ts';
import type { UserVariables } from './require-user.ts';

/**
 * Throws a 403 `role_required` unless the caller (put there by `requireUser`, which must run first) has
 * `role`. Roles come from the token or, for a session, from the ID token it was made from.
 *
 * @example api.get('/admin/tasks', requireRole('Admin'), handler)
 */
export function requireRole(role: string): MiddlewareHandler<{ Variables: UserVariables }> {
  return async function requireRole(c, next) {
    assertRole(c.get('user'), role);
    return next();
  };
}

/** Throws the 403 `role_required` of {@link requireRole} unless `user` has `role`. */
export function assertRole(user: User, role: string): void {
  if (!user.roles.includes(role)) throw new AccessDeniedError('role_required', `This needs the ${role} role.`);
}

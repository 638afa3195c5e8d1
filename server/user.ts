// The signed-in user as the app sees it, whichever credential proved who they are.
import type { User } from '../common/user.ts';
import { cutToLength } from './unicode-text.ts';

export type { User };

/** The caller of an `/api` request: a {@link User} plus what the credential grants. */
export interface ApiUser extends User {
  /** Delegated scopes (`scp`). A session is first-party and carries the API scope implicitly. */
  scopes: string[];
  /** Which credential proved the user: only a session cookie is subject to the CSRF (Origin) check. */
  credential: 'session' | 'bearer';
}

/** The user as the API shows it (`/api/me`, `/auth/session`): the {@link User} fields alone, never what a
 * credential grants besides (an {@link ApiUser}'s scopes and credential kind). */
export function publicUser({ id, name, email, tenantId, roles }: User): User {
  return { id, name, email, tenantId, roles };
}

const maxRoles = 50;
const text = (value: unknown, max: number) => (typeof value === 'string' ? cutToLength(value, max) : '');

/** Picks the user from verified claims, bounded (the session record and the forward-auth headers carry it). */
export function userFromClaims(claims: Record<string, unknown> & { tid: string; oid: string }): User {
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((role) => typeof role === 'string') : [];
  return {
    id: claims.oid,
    tenantId: claims.tid,
    name: text(claims.name, 200),
    // upn and unique_name: what v1 access tokens carry instead.
    email:
      text(claims.email, 254) ||
      text(claims.preferred_username, 254) ||
      text(claims.upn, 254) ||
      text(claims.unique_name, 254),
    roles: roles.slice(0, maxRoles).map((role: string) => cutToLength(role, 100)),
  };
}

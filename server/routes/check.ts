// GET /auth/check: forward auth, so a reverse proxy lets only signed-in users through to a site's own backend.
//
// Decisions a proxy configuration relies on (docs/deployment.md, "Protect your own backend"):
// - Renewal: the session is read exactly as for /api/me (sessions.read), so an active user's session slides
//   here too: past half its life the 200 carries a renewed session cookie in Set-Cookie. The proxy should
//   hand it to the browser (nginx: `auth_request_set $auth_cookie $upstream_http_set_cookie;` then
//   `add_header Set-Cookie $auth_cookie;`). A proxy that drops it loses only the sliding: the session then
//   ends SESSION_IDLE_TIMEOUT after its cookie was last renewed, however active the user is behind the proxy.
// - Methods: every method gets the same answer, with no Origin check (a check changes nothing). nginx
//   `auth_request`, Traefik ForwardAuth and Caddy `forward_auth` send GET, but Envoy's `ext_authz` sends the
//   original request's method. OPTIONS is answered earlier, as a CORS preflight (app.ts).
// - Failures: 401 for no, an invalid, an expired or a revoked session (its cookie cleared), 403
//   `role_required` without the `?role=`, 503 `store_unavailable`; the usual JSON error body, never a
//   redirect: sending the browser to sign in is the proxy's part (nginx `error_page 401`).
// - Roles and tenants: app roles are assigned by the administrators of the user's own tenant. In a multi-tenant
//   app (common, organizations) anyone can create a tenant, register themselves and hold any role there, so a
//   role opens `?role=` only for users of the tenants ENTRA_ALLOWED_TENANTS lists; without a list, never
//   (docs/deployment.md, "Protect your own backend").
// - The user goes in oauth2-proxy's `X-Auth-Request-*` response headers, taken from the session alone (never
//   from the request's own headers). Header values must be ASCII: the display name is always
//   percent-encoded (encodeURIComponent, UTF-8; read it with decodeURIComponent); any other value is too,
//   should it hold anything but printable ASCII (ids are GUIDs, role values ASCII: in practice never).
import { Hono } from 'hono';
import type { TenantMode } from '../config.ts';
import { AccessDeniedError, type ChallengeVariables } from '../errors.ts';
import { setResponseHeader } from '../middleware/response-headers.ts';
import type { Sessions } from '../session/sessions.ts';
import { wellFormed } from '../unicode-text.ts';
import type { User } from '../user.ts';

/** The response headers that carry the user, oauth2-proxy's names. */
export const userHeaders = {
  id: 'X-Auth-Request-User',
  email: 'X-Auth-Request-Email',
  name: 'X-Auth-Request-Name',
  tenantId: 'X-Auth-Request-Tenant',
  roles: 'X-Auth-Request-Roles',
} as const;

const printableAscii = /^[\x20-\x7E]*$/;
/** Percent-encoded UTF-8; never throws: a lone surrogate (a session signed before server/user.ts cut whole code
 * points) becomes U+FFFD instead of a URIError and a 500. */
const percentEncoded = (value: string) => encodeURIComponent(wellFormed(value));
const asHeaderValue = (value: string) => (printableAscii.test(value) ? value : percentEncoded(value));

/**
 * Why `user`'s roles cannot open a role-gated check under `tenant`, or undefined when they can. Worked out once
 * per configuration, so a check pays one set lookup at most.
 */
export function rolesRefusal(tenant: TenantMode): (user: User) => string | undefined {
  if (tenant.kind === 'single') return () => undefined;
  if (tenant.allowed.size === 0) {
    const why =
      'Roles open nothing here: in a multi-tenant app without ENTRA_ALLOWED_TENANTS, any organization can grant them.';
    return () => why;
  }
  const why = 'Roles open nothing here for accounts of an organization that ENTRA_ALLOWED_TENANTS does not list.';
  return (user) => (tenant.allowed.has(user.tenantId.toLowerCase()) ? undefined : why);
}

/** Mounted at /auth: `checkRoutes(sessions, config.tenant)` answers `/auth/check`. */
export function checkRoutes(sessions: Sessions, tenant: TenantMode) {
  const refuseRoles = rolesRefusal(tenant);
  return new Hono<{ Variables: ChallengeVariables }>().all('/check', async function check(c) {
    c.set('bearerChallenge', true);
    const { user } = await sessions.read(c);
    const role = c.req.query('role');
    if (role !== undefined) {
      const why = refuseRoles(user);
      if (why !== undefined) throw new AccessDeniedError('role_required', why);
      // An empty `?role=` (an unset proxy variable) asks for a role nobody has: refused, never ignored.
      if (role === '' || !user.roles.includes(role)) {
        // The role asked for is not echoed: it comes from the request.
        throw new AccessDeniedError('role_required', 'This needs a role you do not have.');
      }
    }
    // Onto Node's response directly: Hono's c.header() would build a WHATWG Headers per check for these five
    // (about 5% of a check's CPU; docs/benchmarks.md).
    setResponseHeader(c, userHeaders.id, asHeaderValue(user.id));
    setResponseHeader(c, userHeaders.email, asHeaderValue(user.email));
    setResponseHeader(c, userHeaders.name, percentEncoded(user.name));
    setResponseHeader(c, userHeaders.tenantId, asHeaderValue(user.tenantId));
    setResponseHeader(c, userHeaders.roles, user.roles.map(asHeaderValue).join(','));
    return c.body(null, 200);
  });
}

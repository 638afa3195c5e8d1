// Development identity provider emulating the Microsoft Entra v2.0 endpoints MSAL uses; never imported by production code.
import { Hono } from 'hono';
import { createAuthorizationCodeStore } from './authorization-codes.ts';
import { authorizeEndpoint } from './authorize-endpoint.ts';
import { resolveConfig, type DevIdpOptions } from './config.ts';
import { createSigningKey } from './keys.ts';
import { logoutEndpoint } from './logout-endpoint.ts';
import { metadataEndpoints } from './metadata-endpoints.ts';
import { oauthErrorBody } from './oauth-error.ts';
import { requireKnownTenant } from './tenant.ts';
import { tokenEndpoint } from './token-endpoint.ts';
import { signIdToken, type TokenContext } from './tokens.ts';
import type { DevUser } from './users.ts';

export type { DevIdpOptions } from './config.ts';
export type { DevUser } from './users.ts';
export { DevIdpConfigError } from './users.ts';

export interface DevIdp {
  /**
   * Serve it where baseUrl points, best at an origin's root as server/dev-server.ts does: MSAL rewrites the
   * first path segment of each endpoint to the tenant, so a path prefix breaks browser sign-ins.
   */
  app: Hono;
  tenantId: string;
  clientId: string;
  users: DevUser[];
  /** `${baseUrl}/${tenantId}/v2.0` */
  issuer: string;
  /** Signs an ID token for the user with the provider's current key (for tests); `aud` defaults to the client id. */
  signIdToken(user: DevUser, extra?: { nonce?: string; aud?: string }): Promise<string>;
}

/**
 * Builds the provider: a fresh signing key, an empty code store and the Hono app with its endpoints
 * under `/:tenant/` (the tenant GUID, `common` or `organizations`).
 *
 * @example
 * ```ts
 * const idp = await createDevIdp({ baseUrl: 'http://localhost:3000' });
 * // route /{idp.tenantId}/…, /common/… and /organizations/… of that origin to idp.app.fetch
 * // authority: `${idp.issuer}` minus `/v2.0`; discovery: `${baseUrl}/${idp.tenantId}/v2.0/.well-known/openid-configuration`
 * ```
 * @throws DevIdpConfigError when an option or users.json is malformed.
 */
export async function createDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  const config = resolveConfig(options);
  const key = await createSigningKey();
  const codes = createAuthorizationCodeStore({ lifetime: config.codeLifetime });
  const tokens: TokenContext = {
    issuer: config.issuer,
    tenantId: config.tenantId,
    clientId: config.clientId,
    tokenLifetime: config.tokenLifetime,
    key,
  };

  const app = new Hono();
  app.use('/:tenant/*', requireKnownTenant(config.tenantId));
  app.route('/', metadataEndpoints(config, key));
  app.route('/', authorizeEndpoint(config, codes));
  app.route('/', tokenEndpoint(config, codes, tokens));
  app.route('/', logoutEndpoint());
  app.notFound((c) => c.json(oauthErrorBody('not_found', `No endpoint at ${c.req.method} ${c.req.path}.`), 404));

  return {
    app,
    tenantId: config.tenantId,
    clientId: config.clientId,
    users: config.users,
    issuer: config.issuer,
    signIdToken: (user, extra) => signIdToken(tokens, user, extra),
  };
}

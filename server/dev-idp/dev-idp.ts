// Development identity provider emulating the Microsoft Entra v2.0 endpoints MSAL uses, for each kind of
// account (workforce, External ID, personal); never imported by production code.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { createAuthorizationCodeStore } from './authorization-codes.ts';
import { authorizeEndpoint } from './authorize-endpoint.ts';
import { resolveConfig, type DevIdpOptions } from './config.ts';
import { invalidRequest } from './entra-errors.ts';
import { graphStandIn } from './graph.ts';
import { createKeySets, type KeySets } from './keys.ts';
import { logoutEndpoint } from './logout-endpoint.ts';
import { metadataEndpoints } from './metadata-endpoints.ts';
import { oauthErrorBody } from './oauth-error.ts';
import { renderErrorCodePage } from './pages.ts';
import { createProviderSessions } from './provider-sessions.ts';
import { requireKnownTenant, type TenantEnv } from './tenant-middleware.ts';
import { externalIdIssuer, issuerOf, personalTenantId } from './tenants.ts';
import { tokenEndpoint } from './token-endpoint.ts';
import { signAccessToken, signIdToken, type TokenContext } from './tokens.ts';
import type { DevUser } from './users.ts';

export type { DevIdpOptions } from './config.ts';
export type { AccountKind, DevUser, DevUserInput, SignInError } from './users.ts';
export { DevIdpConfigError, loadUsersFile } from './users.ts';
export { mapRedirectUris } from './redirect-uris.ts';
export { personalTenantId } from './tenants.ts';

export interface DevIdp {
  /**
   * Serve it where baseUrl points, best at an origin's root as server/dev-server.ts does: MSAL rewrites the
   * first path segment of each endpoint to the tenant, so a path prefix breaks browser sign-ins.
   */
  app: Hono<TenantEnv>;
  /** The workforce tenant's id. */
  tenantId: string;
  /** The workforce tenant's domain, which the provider also answers to. */
  tenantDomain: string;
  /** The Entra External ID tenant's id: its authority is `${baseUrl}/${externalTenantId}`. */
  externalTenantId: string;
  clientId: string;
  users: DevUser[];
  /** The SPA redirect URIs of the emulated app registration. */
  redirectUris: string[];
  /** The workforce tenant's issuer: `${baseUrl}/${tenantId}/v2.0`. */
  issuer: string;
  /** The External ID tenant's issuer, on another host than its endpoints (see tenants.ts). */
  externalIssuer: string;
  /** Personal accounts' issuer: `${baseUrl}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0`. */
  personalIssuer: string;
  /**
   * The first path segments the provider answers: route these to `app` (tenant ids, domain, aliases, `error`,
   * and `v1.0`, its Microsoft Graph stand-in).
   */
  tenantSegments: string[];
  /** Signs an ID token for the user with their kind's current key (for tests); `aud` defaults to the client id. */
  signIdToken(user: DevUser, extra?: { nonce?: string; aud?: string }): Promise<string>;
  /** Signs the access token a sign-in with these scopes returns (Graph's unless the API scope is among them). */
  signAccessToken(user: DevUser, scopes: string[]): Promise<string>;
}

/**
 * Builds the provider: fresh signing keys with their certificates (four RSA keys, about a second on two
 * cores), an empty code store and the Hono app with its endpoints under `/:tenant/`.
 *
 * @example
 * ```ts
 * const idp = await createDevIdp({ baseUrl: 'http://localhost:3000' });
 * // route /{segment}/… of that origin to idp.app.fetch for each segment of idp.tenantSegments
 * // workforce authority: `${baseUrl}/${idp.tenantId}`; External ID authority: `${baseUrl}/${idp.externalTenantId}`
 * ```
 * @throws DevIdpConfigError when an option or users.json is malformed.
 */
export async function createDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  const config = resolveConfig(options);
  const keys: KeySets = await createKeySets();
  const codes = createAuthorizationCodeStore({ lifetime: config.codeLifetime });
  const sessions = createProviderSessions();
  const tokens: TokenContext = {
    baseUrl: config.baseUrl,
    tenantId: config.tenantId,
    externalTenantId: config.externalTenantId,
    clientId: config.clientId,
    appName: config.appName,
    tokenLifetime: config.tokenLifetime,
    keys,
    sealingKey: randomBytes(32),
  };

  const app = new Hono<TenantEnv>();
  // The error_uri of every error: one path segment, so no tenant (as login.microsoftonline.com/error).
  app.get('/error', async (c) => {
    const page = await renderErrorCodePage((c.req.query('code') ?? '').replace(/\D/g, '').slice(0, 10));
    return c.html(page.body, 200, page.headers);
  });
  app.route('/', graphStandIn(config, tokens)); // before the tenant routes: "v1.0" names no tenant
  app.use('/:tenant/*', requireKnownTenant(config));
  app.route('/', metadataEndpoints(config, keys));
  app.route('/', authorizeEndpoint(config, codes, sessions));
  app.route('/', tokenEndpoint(config, codes, tokens));
  app.route('/', logoutEndpoint(config, sessions));
  app.notFound((c) =>
    c.json(
      oauthErrorBody(config.baseUrl, invalidRequest(900561, `No endpoint at ${c.req.method} ${c.req.path}.`)),
      404,
    ),
  );

  return {
    app,
    tenantId: config.tenantId,
    tenantDomain: config.tenantDomain,
    externalTenantId: config.externalTenantId,
    clientId: config.clientId,
    users: config.users,
    redirectUris: config.redirectUris,
    issuer: issuerOf(config, 'workforce'),
    externalIssuer: externalIdIssuer(config),
    personalIssuer: issuerOf(config, 'personal'),
    tenantSegments: [
      config.tenantId,
      config.tenantDomain,
      config.externalTenantId,
      personalTenantId,
      'consumers',
      'common',
      'organizations',
      'error',
      'v1.0',
    ].filter((segment) => segment !== ''),
    signIdToken: (user, extra) => signIdToken(tokens, user, extra),
    signAccessToken: (user, scopes) => signAccessToken(tokens, user, scopes),
  };
}

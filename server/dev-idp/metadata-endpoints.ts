// OpenID Connect discovery documents and JWKS of each tenant, field for field as Entra's v2.0 ones.
import { Hono } from 'hono';
import type { DevIdpConfig } from './config.ts';
import type { KeySets, PublicSigningJwk } from './keys.ts';
import type { TenantEnv } from './tenant-middleware.ts';
import { issuerForTenant, issuerOf, type TenantView } from './tenants.ts';

export { tenantIdPlaceholder } from './tenants.ts';

/** Microsoft Graph's OIDC userinfo endpoint, which every Entra document names. */
const userinfoEndpoint = 'https://graph.microsoft.com/oidc/userinfo';

/**
 * The discovery document of a tenant. Endpoints are under the tenant's own segment (the GUID for a tenant
 * given by its domain, as Entra writes them); External ID's issuer is on another host than its endpoints.
 */
export function discoveryDocument(config: DevIdpConfig, tenant: TenantView) {
  const base = `${config.baseUrl}/${tenant.segment}`;
  const multiTenant = tenant.kind === 'common' || tenant.kind === 'organizations' || tenant.kind === 'consumers';
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuerForTenant(config, tenant),
    request_uri_parameter_supported: false,
    userinfo_endpoint: userinfoEndpoint,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    // A tenant has a region; the multi-tenant documents have none.
    tenant_region_scope: multiTenant ? null : 'EU',
    cloud_instance_name: tenant.kind === 'external-id' ? 'ciamlogin.com' : 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/**
 * The keys a tenant publishes, each with the `issuer` a validator compares (tid substituted) with `iss`:
 * common lists the work-account keys with `{tenantid}` and the personal-account key with its fixed
 * 9188040d… issuer; organizations only the former; consumers only the latter; a tenant its own keys with its issuer.
 */
export function jwksDocument(config: DevIdpConfig, keys: KeySets, tenant: TenantView) {
  const withIssuer = (list: { publicJwk: PublicSigningJwk }[], issuer: string) =>
    list.map((key) => ({ ...key.publicJwk, issuer }));
  const personal = withIssuer(keys.personal, issuerOf(config, 'personal'));
  switch (tenant.kind) {
    case 'workforce':
      return { keys: withIssuer(keys.workforce, issuerForTenant(config, tenant)) };
    case 'external-id':
      return { keys: withIssuer(keys.externalId, issuerForTenant(config, tenant)) };
    case 'consumers':
      return { keys: personal };
    case 'organizations':
      return { keys: withIssuer(keys.workforce, issuerForTenant(config, tenant)) };
    case 'common':
      return { keys: [...withIssuer(keys.workforce, issuerForTenant(config, tenant)), ...personal] };
  }
}

export function metadataEndpoints(config: DevIdpConfig, keys: KeySets): Hono<TenantEnv> {
  const app = new Hono<TenantEnv>();

  app.get('/:tenant/v2.0/.well-known/openid-configuration', (c) => {
    publicDocumentHeaders(c.header.bind(c));
    return c.json(discoveryDocument(config, c.get('tenant')));
  });

  app.get('/:tenant/discovery/v2.0/keys', (c) => {
    publicDocumentHeaders(c.header.bind(c));
    return c.json(jwksDocument(config, keys, c.get('tenant')));
  });

  return app;
}

// Public documents, like Entra's: any page may fetch them (MSAL does, when not given authorityMetadata).
function publicDocumentHeaders(header: (name: string, value: string) => void): void {
  header('Access-Control-Allow-Origin', '*');
  header('Cache-Control', 'public, max-age=3600');
}

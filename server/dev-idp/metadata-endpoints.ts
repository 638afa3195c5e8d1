// OpenID Connect discovery document and JWKS, shaped like Entra's v2.0 ones.
import { Hono } from 'hono';
import type { DevIdpConfig } from './config.ts';
import type { SigningKey } from './keys.ts';
import { tenantKind } from './tenant.ts';

/** Entra's issuer template for common and organizations: a validator substitutes the token's tid. */
export const tenantIdPlaceholder = '{tenantid}';

/** The discovery document served for a tenant segment (the provider's tenant id, common or organizations). */
export function discoveryDocument(config: DevIdpConfig, segment: string) {
  const base = `${config.baseUrl}/${segment}`;
  return {
    issuer: issuerFor(config, segment),
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nbf',
      'nonce',
      'name',
      'preferred_username',
      'email',
      'oid',
      'tid',
      'ver',
      'roles',
      'uti',
    ],
    request_uri_parameter_supported: false,
    http_logout_supported: true,
    frontchannel_logout_supported: false,
  };
}

export function metadataEndpoints(config: DevIdpConfig, key: SigningKey): Hono {
  const app = new Hono();

  app.get('/:tenant/v2.0/.well-known/openid-configuration', (c) => {
    publicDocumentHeaders(c.header.bind(c));
    return c.json(discoveryDocument(config, canonicalSegment(config, c.req.param('tenant'))));
  });

  app.get('/:tenant/discovery/v2.0/keys', (c) => {
    publicDocumentHeaders(c.header.bind(c));
    // Entra's keys carry an issuer: multi-tenant validators compare it, tid substituted, with iss.
    const issuer = issuerFor(config, canonicalSegment(config, c.req.param('tenant')));
    return c.json({ keys: [{ ...key.publicJwk, issuer }] });
  });

  return app;
}

function issuerFor(config: DevIdpConfig, segment: string): string {
  return tenantKind(segment, config.tenantId) === 'own'
    ? config.issuer
    : `${config.baseUrl}/${tenantIdPlaceholder}/v2.0`;
}

/** The tenant GUID in the case the provider uses, or common/organizations as requested. */
function canonicalSegment(config: DevIdpConfig, segment: string): string {
  return tenantKind(segment, config.tenantId) === 'own' ? config.tenantId : segment.toLowerCase();
}

// Public documents, like Entra's: any page may fetch them (MSAL does, when not given authorityMetadata).
function publicDocumentHeaders(header: (name: string, value: string) => void): void {
  header('Access-Control-Allow-Origin', '*');
  header('Cache-Control', 'public, max-age=3600');
}

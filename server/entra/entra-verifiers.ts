// The two verifiers of Entra tokens, sharing one authority's metadata and one key set.
import type { Config } from '../config.ts';
import { createAuthorityMetadata } from './authority-metadata.ts';
import { createKeySet, type KeySetOptions } from './key-set.ts';
import { createTenantPolicy } from './tenant-policy.ts';
import { createAccessTokenVerifier } from './verify-access-token.ts';
import { createIdTokenVerifier } from './verify-id-token.ts';

export interface EntraVerifierOptions {
  keySet?: KeySetOptions;
  /** Where requests to the identity provider go; default the global `fetch` (tests route Microsoft's hosts to a local stand-in). */
  fetch?: typeof fetch;
}

/**
 * Builds the ID-token and access-token verifiers of `config`'s authority, and its metadata source. Nothing is fetched yet: the first
 * token reads the discovery document (the issuer, the keys' address), then the keys; both stay cached.
 */
export function createEntraVerifiers(
  config: Pick<
    Config,
    'authority' | 'tenant' | 'clientId' | 'requireNonce' | 'apiAudiences' | 'apiScope' | 'v1IssuerHost'
  >,
  options: EntraVerifierOptions = {},
) {
  const metadata = createAuthorityMetadata(config.authority, {
    multiTenant: config.tenant.kind === 'multi',
    fetch: options.fetch,
  });
  const tenants = createTenantPolicy(config.tenant, metadata);
  // One key set for ID and access tokens: one cache, one refetch cooldown, one outbound fetch at a time.
  const keySet = createKeySet(async () => (await metadata()).jwksUri, { fetch: options.fetch, ...options.keySet });
  return {
    /** The authority's discovery document (issuer, keys' address), for MSAL's settings too. */
    metadata,
    verifyIdToken: createIdTokenVerifier(config, keySet, tenants),
    verifyAccessToken: createAccessTokenVerifier(config, keySet, tenants),
  };
}

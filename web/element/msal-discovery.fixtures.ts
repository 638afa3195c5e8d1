// MSAL's own authority discovery (the version the element ships) against Entra's discovery documents, for the
// tests of msal-config.ts and external-id-issuer.ts: which settings MSAL accepts, and what it fetched.
import { AuthorityFactory, Logger, ProtocolMode, StubPerformanceClient } from '@azure/msal-common/browser';
import type { AuthConfig } from './types.ts';

/** Entra's `{authority}/v2.0/.well-known/openid-configuration`, by the issuer it names. */
export function discoveryDocument(issuer: string) {
  const base = issuer.replace(/\/v2\.0$/, '');
  return {
    issuer,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
  };
}

/** Microsoft's side of the network: `documents` by URL, 404 for anything else. */
export function microsoft(documents: Record<string, object>) {
  const fetched: string[] = [];
  const answer = (url: string) => {
    fetched.push(url);
    const body = documents[url];
    return { status: body ? 200 : 404, body: body ?? { error: 'not_found' } };
  };
  return {
    fetched,
    network: {
      sendGetRequestAsync: async (url: string) => ({ headers: {}, ...answer(url) }),
      sendPostRequestAsync: async (url: string) => ({ headers: {}, ...answer(url) }),
    },
    fetch: async (url: string) => {
      const { status, body } = answer(url);
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    },
  };
}

/** Resolves `config`'s authority as MSAL does before it opens the popup: its authorize endpoint, or MSAL's error code. */
export async function discoverWithMsal(
  config: AuthConfig,
  network: ReturnType<typeof microsoft>['network'],
): Promise<{ authorizationEndpoint: string } | { errorCode: string }> {
  // An empty cache: no metadata is remembered between calls.
  const cache = {
    getAuthorityMetadataByAlias: () => null,
    generateAuthorityMetadataCacheKey: (key: string) => key,
    setAuthorityMetadata: () => undefined,
  };
  const options = {
    protocolMode: ProtocolMode.AAD,
    knownAuthorities: config.knownAuthorities,
    cloudDiscoveryMetadata: '',
    authorityMetadata: config.authorityMetadata ?? '',
  };
  try {
    const authority = await AuthorityFactory.createDiscoveredInstance(
      config.authority,
      network as never,
      cache as never,
      options,
      new Logger({}),
      'correlation-id',
      new StubPerformanceClient(),
    );
    return { authorizationEndpoint: authority.authorizationEndpoint };
  } catch (error) {
    return { errorCode: (error as { errorCode: string }).errorCode };
  }
}

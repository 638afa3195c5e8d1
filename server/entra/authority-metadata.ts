// The authority's OpenID Connect metadata: the issuer its tokens carry and where its keys are. Read from its
// discovery document, as Microsoft recommends, rather than built from the host: External ID's issuer is on
// another host than its authority, and a multi-tenant issuer names `{tenantid}`.
import { ProviderUnavailableError } from '../errors.ts';
import {
  discoveryUrl,
  isGuid,
  tenantIdOfIssuer,
  tenantIdPlaceholder,
  tenantOfAuthority,
} from '../../common/authority.ts';

export interface AuthorityMetadata {
  /** The document's `issuer`: one tenant's, or with `{tenantid}` for `common` and `organizations`. */
  issuer: string;
  /** The tenant a single-tenant issuer names (lower case); undefined for a multi-tenant one. */
  tenantId: string | undefined;
  jwksUri: URL;
}

/** The metadata, fetched once and cached; throws a {@link ProviderUnavailableError} while none can be had. */
export type AuthorityMetadataSource = () => Promise<AuthorityMetadata>;

export interface AuthorityMetadataOptions {
  /** True for `common` and `organizations`: the document must name `{tenantid}`, not a tenant. */
  multiTenant: boolean;
  /** Milliseconds to wait for the document; default 5 000 (as for the keys). */
  timeout?: number;
  /** Milliseconds the document is trusted before it is read again; default 10 minutes (as for the keys). */
  maxAge?: number;
  /** Where the request goes; default the global `fetch` (tests route Microsoft's hosts to a local stand-in). */
  fetch?: typeof fetch;
}

/**
 * The metadata of `authority`. The first sign-in fetches it, concurrent ones share that fetch; a failure is
 * a 503 and the next request tries again. After `maxAge` it is read again, and while that fails the last good
 * document stays in use: an issuer and a key address do not change with an outage.
 */
export function createAuthorityMetadata(authority: string, options: AuthorityMetadataOptions): AuthorityMetadataSource {
  const maxAge = options.maxAge ?? 10 * 60_000;
  let cached: { metadata: AuthorityMetadata; fetchedAt: number } | undefined;
  let pending: Promise<AuthorityMetadata> | undefined;

  return function authorityMetadata() {
    if (cached && Date.now() - cached.fetchedAt < maxAge) return Promise.resolve(cached.metadata);
    pending ??= fetchMetadata(authority, options)
      .then((metadata) => {
        cached = { metadata, fetchedAt: Date.now() };
        return metadata;
      })
      .finally(() => {
        pending = undefined;
      });
    const stale = cached?.metadata;
    return stale ? pending.catch(() => stale) : pending;
  };
}

async function fetchMetadata(authority: string, options: AuthorityMetadataOptions): Promise<AuthorityMetadata> {
  const url = discoveryUrl(authority);
  try {
    const response = await (options.fetch ?? fetch)(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeout ?? 5_000),
    });
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    return readMetadata((await response.json()) as unknown, authority, options.multiTenant);
  } catch (cause) {
    throw new ProviderUnavailableError('The identity provider’s metadata is unavailable. Try again shortly.', {
      cause,
    });
  }
}

/** Checks the fields the server relies on; anything unexpected is the provider's fault, never the token's. */
function readMetadata(document: unknown, authority: string, multiTenant: boolean): AuthorityMetadata {
  const { issuer, jwks_uri: jwksUri } = (document ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
  // Nothing in it may be less secure than the authority itself: https, unless the authority is a local http one.
  const secure = new URL(authority).protocol === 'https:';
  const acceptable = (value: unknown): value is string =>
    typeof value === 'string' && URL.canParse(value) && (!secure || new URL(value).protocol === 'https:');
  if (!acceptable(issuer) || !acceptable(jwksUri)) throw new Error('no https issuer or jwks_uri');

  if (multiTenant) {
    if (!issuer.includes(tenantIdPlaceholder)) throw new Error('a multi-tenant issuer without {tenantid}');
    return { issuer, tenantId: undefined, jwksUri: new URL(jwksUri) };
  }
  const tenantId = tenantIdOfIssuer(issuer);
  if (tenantId === undefined) throw new Error('an issuer that names no tenant');
  // A tenant configured by GUID must be the one the document describes: else every token would be refused.
  const configured = tenantOfAuthority(authority);
  if (isGuid(configured) && configured.toLowerCase() !== tenantId) throw new Error('the issuer names another tenant');
  return { issuer, tenantId, jwksUri: new URL(jwksUri) };
}

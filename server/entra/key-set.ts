// The tenant's signing keys: fetched once, cached, refetched on an unknown kid at most once per cooldown.
import { createRemoteJWKSet, customFetch, errors, type JWK, type JWTHeaderParameters } from 'jose';
import { ProviderUnavailableError } from '../errors.ts';

export interface SigningKey {
  key: CryptoKey;
  /** The JWK's `issuer` field, as Entra publishes it (`…/{tenantid}/v2.0` on multi-tenant key sets). */
  issuer: string | undefined;
}

/** Entra's keys carry an `issuer` member beside the standard ones. */
type EntraJwk = JWK & { issuer?: unknown };

/**
 * The provider's key the header names, or `undefined` when the provider has no usable key of that `kid` (the
 * verifier then refuses the token, with its own kind's code). Throws a {@link ProviderUnavailableError} when no
 * key set can be had at all.
 */
export type KeySet = (header: JWTHeaderParameters) => Promise<SigningKey | undefined>;

export interface KeySetOptions {
  /** Milliseconds to wait for the JWKS response; default 5 000. */
  timeout?: number;
  /** Milliseconds before an unknown kid may trigger another fetch; default 30 000. */
  cooldown?: number;
  /** Milliseconds a fetched key set is trusted; default 10 minutes. */
  maxAge?: number;
  /** Told of each fetch of the JWKS: `success` (a 200 with a `keys` array) or `failure`; for the metrics. */
  onFetch?: (result: 'success' | 'failure') => void;
  /** Where the request goes; default the global `fetch` (tests route Microsoft's hosts to a local stand-in). */
  fetch?: typeof fetch;
}

/**
 * Creates the key set published at `jwksUri`, an address known only once the authority's metadata is read
 * (authority-metadata.ts). Call once at start-up and share it: it holds the cache.
 */
export function createKeySet(jwksUri: () => Promise<URL>, options: KeySetOptions = {}): KeySet {
  const fetchKeys = options.fetch ?? fetch;
  let current: { uri: string; remote: ReturnType<typeof createRemoteJWKSet> } | undefined;
  const remoteAt = (uri: URL) => {
    // One remote set (one cache) per address; a new address from refreshed metadata starts a new one.
    if (current?.uri !== uri.href) {
      const remote = createRemoteJWKSet(uri, {
        timeoutDuration: options.timeout ?? 5_000,
        cooldownDuration: options.cooldown ?? 30_000,
        cacheMaxAge: options.maxAge ?? 10 * 60_000,
        [customFetch]: options.onFetch ? reportingFetch(fetchKeys, options.onFetch) : fetchKeys,
      });
      current = { uri: uri.href, remote };
    }
    return current.remote;
  };

  // Each key's `issuer` member, read once: jose's jwks() copies the whole key set on every call. Keyed by the
  // CryptoKey, which jose imports once per JWK object: a refetched key set brings new keys, so new entries.
  const issuers = new WeakMap<CryptoKey, string | undefined>();

  return async function findSigningKey(header) {
    const remote = remoteAt(await jwksUri());
    let key: CryptoKey;
    try {
      key = (await remote(header)) as CryptoKey;
    } catch (error) {
      if (isAboutTheToken(error, remote.fresh)) return undefined;
      // No key set: a timeout, a network failure, a non-200 answer or a malformed document. The provider
      // is unreachable or broken; nothing about the token is known yet.
      throw new ProviderUnavailableError('The identity provider’s signing keys are unavailable. Try again shortly.', {
        cause: error,
      });
    }
    if (!issuers.has(key)) {
      const jwk: EntraJwk | undefined = remote.jwks()?.keys.find((candidate) => candidate.kid === header.kid);
      issuers.set(key, typeof jwk?.issuer === 'string' ? jwk.issuer : undefined);
    }
    return { key, issuer: issuers.get(key) };
  };
}

/** `fetch`, telling `onFetch` how each JWKS request went: a timeout or a network error is a failure too. */
function reportingFetch(fetchKeys: typeof fetch, onFetch: (result: 'success' | 'failure') => void): typeof fetch {
  return async (input, init) => {
    let response: Response;
    try {
      response = await fetchKeys(input, init);
    } catch (error) {
      onFetch('failure');
      throw error;
    }
    // jose reads the body itself; a copy tells a usable document from an error page answered with 200.
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => undefined);
    const usable = response.status === 200 && isKeySet(body);
    onFetch(usable ? 'success' : 'failure');
    return response;
  };
}

const isKeySet = (body: unknown) =>
  typeof body === 'object' && body !== null && Array.isArray((body as { keys?: unknown }).keys);

// With a fresh key set in hand, any failure is about the token's key: unknown kid, a duplicate kid, an
// unsupported algorithm, or a key that cannot be imported (RSA under 2048 bits, say).
const isAboutTheToken = (error: unknown, haveKeySet: boolean) =>
  haveKeySet || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JOSENotSupported;

// An independent Entra stand-in for tests: its own RSA keys, a JWKS served over real HTTP, and faults on demand.
import { exportJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { personalAccountsTenant } from '../../common/authority.ts';
import { serveOnEphemeralPort } from './http.ts';

export const tenantId = '3f1a6a2e-8c1b-4f5e-9a7d-2b6c4d8e0f11';
export const otherTenantId = 'a7e5c3b1-2d4f-4e6a-8b0c-1d3f5a7c9e2b';
export const clientId = '6b8f1c2d-3e4a-4b5c-8d6e-7f8091a2b3c4';
export const userOid = '0c9d8e7f-6a5b-4c3d-9e1f-2a3b4c5d6e7f';
/** The verified domain of `tenantId`: Entra answers for a tenant by its domain as by its GUID. */
export const tenantDomain = 'contoso-test.onmicrosoft.com';
/** Entra's v1 issuer host, the default of ENTRA_V1_ISSUER_HOST. */
export const v1IssuerHost = 'https://sts.windows.net';

export type JwksMode =
  | { kind: 'ok' }
  | { kind: 'down' }
  | { kind: 'slow'; ms: number }
  | { kind: 'body'; status: number; body: string; headers?: Record<string, string> };

export interface SigningKeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createSigningKey(kid: string, modulusLength = 2048): Promise<SigningKeyPair> {
  // WebCrypto directly: jose refuses to generate the weak keys some tests need.
  const { privateKey, publicKey } = await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' } };
}

export interface EntraSignerOptions {
  /**
   * The origin this stand-in claims to be in its documents and tokens, e.g. `https://login.microsoftonline.us`;
   * requests reach it through `signer.fetch`. Default: its own loopback URL, reachable directly.
   */
  publicOrigin?: string;
  /**
   * The origin of a tenant's issuer, when not the authority's: External ID's `https://{tid}.ciamlogin.com`.
   * Default: the public origin (workforce tenants).
   */
  issuerOrigin?: (tid: string) => string;
}

/**
 * Serves, like Entra, a discovery document at `/{tenant}/v2.0/.well-known/openid-configuration` for the tenant
 * (by GUID or domain), `common`, `organizations` and `consumers`, and a JWKS at `/{tenant}/discovery/v2.0/keys`;
 * counts the requests it gets.
 */
export async function startEntraSigner(options: EntraSignerOptions = {}) {
  const server = await serveOnEphemeralPort();
  const authority = options.publicOrigin ?? server.url;
  const issuerOrigin = options.issuerOrigin ?? (() => authority);
  const issuerOf = (tid: string) => `${issuerOrigin(tid)}/${tid}/v2.0`;
  const primary = await createSigningKey('test-key-1');
  const state = {
    // Entra's keys name the issuer they sign for, `{tenantid}` standing for the token's tenant.
    keys: [{ ...primary.publicJwk, issuer: issuerOf('{tenantid}') }] as Array<JWK & { issuer?: string }>,
    mode: { kind: 'ok' } as JwksMode,
    /** `down`: the discovery documents answer 503. */
    discovery: 'ok' as 'ok' | 'down',
    jwksRequests: 0,
    discoveryRequests: 0,
  };

  /** The issuer a tenant segment's discovery document names, as Entra's do. */
  function documentIssuer(segment: string): string | undefined {
    if (segment === 'common' || segment === 'organizations') return `${authority}/{tenantid}/v2.0`;
    if (segment === 'consumers') return issuerOf(personalAccountsTenant);
    if (segment === tenantDomain) return issuerOf(tenantId);
    return /^[0-9a-f-]{36}$/.test(segment) ? issuerOf(segment) : undefined;
  }

  server.setHandler(async (request) => {
    const { pathname } = new URL(request.url);
    const segment = pathname.split('/')[1]?.toLowerCase() ?? '';
    if (pathname === `/${segment}/v2.0/.well-known/openid-configuration`) {
      state.discoveryRequests += 1;
      const issuer = documentIssuer(segment);
      if (issuer === undefined) return Response.json({ error: 'invalid_tenant' }, { status: 400 });
      if (state.discovery === 'down') return new Response('unavailable', { status: 503 });
      return Response.json({
        issuer,
        authorization_endpoint: `${authority}/${segment}/oauth2/v2.0/authorize`,
        token_endpoint: `${authority}/${segment}/oauth2/v2.0/token`,
        jwks_uri: `${authority}/${segment}/discovery/v2.0/keys`,
      });
    }
    if (!pathname.endsWith('/discovery/v2.0/keys')) return new Response('not found', { status: 404 });
    state.jwksRequests += 1;
    const mode = state.mode;
    if (mode.kind === 'down') return new Response('unavailable', { status: 503 });
    if (mode.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, mode.ms));
    if (mode.kind === 'body') return new Response(mode.body, { status: mode.status, headers: mode.headers });
    return Response.json({ keys: state.keys });
  });

  return {
    /** The origin the documents and tokens name (the loopback URL unless `publicOrigin` was given). */
    authority,
    /** The v2 issuer of a tenant's tokens. */
    issuerOf,
    primary,
    state,
    close: server.close,
    /** `fetch` that sends requests for the public origin to this stand-in (for the app's `fetch` option). */
    fetch: ((input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (url.origin === authority) url.href = server.url + url.pathname + url.search;
      return fetch(url, init);
    }) as typeof fetch,
    /** A claims set a real Entra ID token for `clientId` in `tenantId` would carry. */
    idTokenClaims(overrides: JWTPayload = {}): JWTPayload {
      const now = Math.floor(Date.now() / 1000);
      return {
        ver: '2.0',
        iss: issuerOf(tenantId),
        aud: clientId,
        tid: tenantId,
        oid: userOid,
        sub: 'pairwise-subject',
        name: 'Test User',
        preferred_username: 'test.user@example.test',
        email: 'test.user@example.test',
        iat: now,
        nbf: now,
        exp: now + 3600,
        ...overrides,
      };
    },
    /**
     * A claims set a real Entra access token for this API would carry: v2 (`aud` api://{clientId}, `azp`,
     * `scp` access_as_user) or v1 (`iss` sts.windows.net, `appid`, `upn`). Never a nonce.
     */
    accessTokenClaims(overrides: JWTPayload = {}, version: '2.0' | '1.0' = '2.0'): JWTPayload {
      const now = Math.floor(Date.now() / 1000);
      const common = {
        aud: `api://${clientId}`,
        tid: tenantId,
        oid: userOid,
        sub: 'pairwise-subject',
        name: 'Test User',
      };
      const username = 'test.user@example.test';
      const byVersion =
        version === '2.0'
          ? {
              ver: '2.0',
              iss: issuerOf(tenantId),
              azp: clientId,
              azpacr: '0',
              preferred_username: username,
            }
          : { ver: '1.0', iss: `${v1IssuerHost}/${tenantId}/`, appid: clientId, appidacr: '0', upn: username };
      return { ...common, ...byVersion, scp: 'access_as_user', iat: now, nbf: now, exp: now + 3600, ...overrides };
    },
    /** Signs `claims` as RS256 with `key` (default: the published one), header fields overridable. */
    sign(claims: JWTPayload, options: { key?: SigningKeyPair; header?: Record<string, unknown> } = {}) {
      const key = options.key ?? primary;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...options.header })
        .sign(key.privateKey);
    },
    /** Signs any header and payload bytes as RS256, bypassing jose's own checks (crit, b64…). */
    async signRaw(header: Record<string, unknown>, payload: unknown, key: SigningKeyPair = primary) {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const input = `${encode({ alg: 'RS256', kid: key.kid, ...header })}.${encode(payload)}`;
      const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key.privateKey, new TextEncoder().encode(input));
      return `${input}.${Buffer.from(signature).toString('base64url')}`;
    },
  };
}

export type EntraSigner = Awaited<ReturnType<typeof startEntraSigner>>;

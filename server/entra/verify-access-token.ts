// Verifies a Microsoft Entra access token sent as `Authorization: Bearer` to /api, and returns its caller.
import type { Config } from '../config.ts';
import { AccessDeniedError, AuthError } from '../errors.ts';
import { type ApiUser, userFromClaims } from '../user.ts';
import type { KeySet } from './key-set.ts';
import { issuerOf, type TenantPolicy } from './tenant-policy.ts';
import { type EntraClaims, type EntraTokenRules, verifyEntraToken } from './verify-entra-token.ts';

export type AccessTokenVerifier = (accessToken: string) => Promise<ApiUser>;

/** The v1 issuer of a tenant: `{v1IssuerHost}/{tid}/` (with the trailing slash, as Entra writes it). */
export const v1IssuerOf = (v1IssuerHost: string, tid: string): string => `${v1IssuerHost}/${tid}/`;

// Claims only ID tokens carry (OIDC Core 2, 3.1.3.6, 3.3.2.11): a token holding one is never a bearer token.
const idTokenOnlyClaims = ['nonce', 'at_hash', 'c_hash'] as const;

/**
 * Creates the verifier of access tokens for this API: the same signature, time, tenant and key-issuer checks
 * as ID tokens (same key set), then `aud` in `config.apiAudiences`, the v2 or v1 issuer matching `ver`, the
 * shape of an access token, and `config.apiScope` in `scp` or at least one app role in `roles`.
 * Throws an {@link AuthError} (401) or, for a valid token that grants nothing here, an
 * {@link AccessDeniedError} (403).
 */
export function createAccessTokenVerifier(
  config: Pick<Config, 'apiAudiences' | 'apiScope' | 'authorityHost' | 'v1IssuerHost'>,
  keySet: KeySet,
  tenants: TenantPolicy,
): AccessTokenVerifier {
  const rules: EntraTokenRules = {
    kind: 'access_token',
    audiences: config.apiAudiences,
    issuersOf: (tid: string) => [issuerOf(config.authorityHost, tid), v1IssuerOf(config.v1IssuerHost, tid)],
  };

  return async function verifyAccessToken(accessToken) {
    const claims = await verifyEntraToken(accessToken, keySet, tenants, rules);
    checkAccessTokenShape(claims, config);
    const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
    const user = userFromClaims(claims);
    if (!scopes.includes(config.apiScope) && user.roles.length === 0) {
      throw new AccessDeniedError('insufficient_scope', `The access token lacks the ${config.apiScope} scope.`, {
        bearerScope: config.apiScope,
      });
    }
    return { ...user, scopes, credential: 'bearer' };
  };
}

/**
 * The rule that tells an access token from an ID token. `aud` alone cannot (the client id may be an API
 * audience), nor can `roles` (ID tokens carry app roles too). An access token:
 * - holds none of the ID-token claims `nonce`, `at_hash`, `c_hash`;
 * - names its client: `azp` in v2, `appid` in v1 (Entra's access-token claims; ID tokens have neither);
 * - has a `ver` that matches its issuer: `2.0` with `{authority}/{tid}/v2.0`, `1.0` with `{v1 host}/{tid}/`;
 * - carries `scp`, if at all, as a space-separated string.
 */
function checkAccessTokenShape(claims: EntraClaims, config: Pick<Config, 'authorityHost' | 'v1IssuerHost'>): void {
  const notAccessToken = () => new AuthError('access_token_invalid', 'This is not an access token for this API.');
  if (idTokenOnlyClaims.some((name) => claims[name] !== undefined)) throw notAccessToken();
  if (claims.scp !== undefined && typeof claims.scp !== 'string') throw notAccessToken();
  const v2 = claims.ver === '2.0' && claims.iss === issuerOf(config.authorityHost, claims.tid);
  const v1 = claims.ver === '1.0' && claims.iss === v1IssuerOf(config.v1IssuerHost, claims.tid);
  if (!v2 && !v1) throw new AuthError('issuer_invalid', 'The token’s version does not match its issuer.');
  const client = v2 ? claims.azp : claims.appid;
  if (typeof client !== 'string' || client.length === 0) throw notAccessToken();
}

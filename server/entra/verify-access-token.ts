// Verifies a Microsoft Entra access token sent as `Authorization: Bearer` to /api, and returns its caller.
import type { Config } from '../config.ts';
import { AccessDeniedError, AuthError } from '../errors.ts';
import { type ApiUser, userFromClaims } from '../user.ts';
import type { KeySet } from './key-set.ts';
import { v1IssuerOf } from '../../common/authority.ts';
import type { TenantPolicy } from './tenant-policy.ts';
import { type EntraClaims, type EntraTokenRules, verifyEntraToken } from './verify-entra-token.ts';

export type AccessTokenVerifier = (accessToken: string) => Promise<ApiUser>;

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
  config: Pick<Config, 'apiAudiences' | 'apiScope' | 'v1IssuerHost'>,
  keySet: KeySet,
  tenants: TenantPolicy,
): AccessTokenVerifier {
  const rules: EntraTokenRules = {
    kind: 'access_token',
    audiences: config.apiAudiences,
    issuersOf: (tenant) => [tenant.issuer, v1IssuerOf(config.v1IssuerHost, tenant.tid)],
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
 * - has a `ver` that matches its issuer: `2.0` with the authority's, `1.0` with `{v1 host}/{tid}/`;
 * - carries `scp`, if at all, as a space-separated string.
 */
function checkAccessTokenShape(claims: EntraClaims, config: Pick<Config, 'v1IssuerHost'>): void {
  const notAccessToken = () => new AuthError('access_token_invalid', 'This is not an access token for this API.');
  if (idTokenOnlyClaims.some((name) => claims[name] !== undefined)) throw notAccessToken();
  if (claims.scp !== undefined && typeof claims.scp !== 'string') throw notAccessToken();
  // `iss` is already one of the two issuers of the token's tenant (verifyEntraToken): which one decides `ver`.
  const isV1Issuer = claims.iss === v1IssuerOf(config.v1IssuerHost, claims.tid);
  const v2 = claims.ver === '2.0' && !isV1Issuer;
  const v1 = claims.ver === '1.0' && isV1Issuer;
  if (!v2 && !v1) throw new AuthError('issuer_invalid', 'The token’s version does not match its issuer.');
  const client = v2 ? claims.azp : claims.appid;
  if (typeof client !== 'string' || client.length === 0) throw notAccessToken();
}

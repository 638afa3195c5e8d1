// Verifies the ID token a browser got from Microsoft Entra (OIDC Core 3.1.3.7) and returns its user.
import type { Config } from '../config.ts';
import { AuthError } from '../errors.ts';
import { safeEqual } from '../safe-equal.ts';
import { type User, userFromClaims } from '../user.ts';
import type { KeySet } from './key-set.ts';
import type { TenantPolicy } from './tenant-policy.ts';
import { type EntraClaims, type EntraTokenRules, verifyEntraToken } from './verify-entra-token.ts';

/** The token's user, and which of the expected nonces it carried (none when nonces are not required). */
export interface VerifiedIdToken {
  user: User;
  nonce: string | undefined;
}

export type IdTokenVerifier = (idToken: string, expectedNonces: readonly string[]) => Promise<VerifiedIdToken>;

/**
 * Creates the verifier for ID tokens of `config.clientId`; `expectedNonces` are those this browser holds
 * from `/auth/nonce` (one per sign-in in progress), and the token must carry one of them.
 */
export function createIdTokenVerifier(
  config: Pick<Config, 'clientId' | 'requireNonce'>,
  keySet: KeySet,
  tenants: TenantPolicy,
): IdTokenVerifier {
  const rules: EntraTokenRules = {
    kind: 'id_token',
    audiences: [config.clientId],
    issuersOf: (tenant) => [tenant.issuer],
  };

  return async function verifyIdToken(idToken, expectedNonces) {
    const claims = await verifyEntraToken(idToken, keySet, tenants, rules);
    // An access token may share the audience (api audience defaults include the client id): ID tokens
    // are v2 and carry no delegated scopes.
    if (claims.ver !== '2.0' || claims.scp !== undefined) {
      throw new AuthError('id_token_invalid', 'This is not a v2.0 ID token.');
    }
    if (isAppOnly(claims, config.clientId)) {
      throw new AuthError('id_token_invalid', 'This token names an application, not a signed-in user.');
    }
    const nonce = checkNonce(claims.nonce, expectedNonces, config.requireNonce);
    return { user: userFromClaims(claims), nonce };
  };
}

/**
 * True for a token an application got for itself (client credentials): Entra's `idtyp` says `app`, it names a
 * client other than ours in `azp` (OIDC Core 3.1.3.7 steps 4-5), or it has no user of its own: no `sub`
 * (OIDC Core 2: required in every ID token), or `sub` equal to `oid`, which Entra writes only into app-only
 * tokens (a user's `sub` is pairwise, never their object id). Such a token can carry `aud` = our client id and
 * app roles; it must never become a session, whatever ENTRA_REQUIRE_NONCE says (SECURITY.md, check 11).
 */
function isAppOnly(claims: EntraClaims, clientId: string): boolean {
  if (claims.idtyp !== undefined && claims.idtyp !== 'user') return true;
  if (claims.azp !== undefined && claims.azp !== clientId) return true;
  return typeof claims.sub !== 'string' || claims.sub === '' || claims.sub === claims.oid;
}

// OIDC Core 3.1.3.7 step 11: the nonce ties the token to this browser's sign-in, so a token stolen
// elsewhere (or replayed) cannot open a session here. ENTRA_REQUIRE_NONCE=false only admits tokens that carry
// no nonce at all: one that carries a nonce was issued to some browser's sign-in, and is accepted only with
// that browser's nonce cookie, then redeemed once (routes/auth.ts), whatever the setting.
function checkNonce(actual: unknown, expected: readonly string[], required: boolean): string | undefined {
  if (!required && actual === undefined) return undefined;
  if (expected.length === 0) {
    throw new AuthError('nonce_missing', 'The sign-in expired or began elsewhere. Please sign in again.');
  }
  if (typeof actual !== 'string') throw new AuthError('nonce_missing', 'The token carries no nonce.');
  // Every candidate compared, in constant time each: which one matched is not told by the timing.
  const matches = expected.filter((nonce) => safeEqual(actual, nonce));
  if (matches.length === 0) {
    throw new AuthError('nonce_mismatch', 'The token was issued for another sign-in. Please sign in again.');
  }
  return matches[0];
}

// The checks every Microsoft Entra token must pass, whatever it is for: shape, signature, time, tenant, issuer.
import { decodeProtectedHeader, errors, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { AuthError, HttpError } from '../errors.ts';
import { issuerForTenant } from '../../common/authority.ts';
import type { KeySet } from './key-set.ts';
import type { AcceptedTenant, TenantPolicy } from './tenant-policy.ts';

/** Which token is verified: it names the failures (`id_token_invalid`, `access_token_invalid`, …). */
export type TokenKind = 'id_token' | 'access_token';

export interface EntraTokenRules {
  kind: TokenKind;
  /** Accepted `aud` values; the claim must be exactly one of them (a string, never an array). */
  audiences: readonly string[];
  /** The issuers a token of an accepted tenant may carry (its v2 issuer, and for access tokens its v1 one). */
  issuersOf(tenant: AcceptedTenant): readonly string[];
}

export interface EntraClaims extends JWTPayload {
  tid: string;
  oid: string;
}

/** Largest token accepted, in characters: real Entra tokens are a few KB even with many roles. */
export const maxTokenLength = 16 * 1024;
/** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. */
export const clockSkew = 5 * 60;
/** Longest lifetime accepted, in seconds: Entra issues tokens of 1 to 24 hours. */
const maxLifetime = 24 * 60 * 60;

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const kidPattern = /^[A-Za-z0-9_=+/.-]{1,128}$/;
// Entra signs with exactly these header parameters; anything else (jwk, jku, x5u, x5c, crit, b64) is an
// attempt to make us trust a key or encoding the token brought along (RFC 8725 2.1, 3.1).
const allowedHeaderParameters = new Set(['alg', 'typ', 'kid', 'x5t']);
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies an Entra token and returns its claims, or throws an {@link AuthError} (401) or a
 * {@link ProviderUnavailableError} (503). Never includes the token in an error.
 */
export async function verifyEntraToken(
  token: string,
  keySet: KeySet,
  tenants: TenantPolicy,
  rules: EntraTokenRules,
): Promise<EntraClaims> {
  const { kind } = rules;
  // Cheap structural checks first, so garbage never reaches the key set or the crypto.
  if (token.length > maxTokenLength || !compactJws.test(token)) throw malformed(kind);
  const header = readHeader(token, kind);

  const signingKey = await keySet(header);
  if (signingKey === undefined) throw invalid(kind, 'The token was not signed by a key of the identity provider.');
  const payload = await verifySignatureAndTime(token, signingKey.key, kind);

  if (typeof payload.aud !== 'string' || !rules.audiences.includes(payload.aud)) {
    throw new AuthError('audience_invalid', 'The token was issued for another application.');
  }
  const tenant = await tenants.accept(payload.tid);
  const issuers = rules.issuersOf(tenant);
  if (typeof payload.iss !== 'string' || !issuers.includes(payload.iss)) {
    throw new AuthError('issuer_invalid', 'The token was not issued by the expected authority.');
  }
  // Microsoft's "signing key issuer" check: a key published for one tenant (the personal accounts' keys, say)
  // only signs for that tenant.
  const keyIssuer = signingKey.issuer === undefined ? undefined : issuerForTenant(signingKey.issuer, tenant.tid);
  if (keyIssuer !== undefined && !issuers.includes(keyIssuer)) {
    throw new AuthError('issuer_invalid', 'The token’s signing key belongs to another tenant.');
  }
  if (typeof payload.oid !== 'string' || !guid.test(payload.oid)) {
    throw invalid(kind, 'The token does not identify a user.');
  }
  return payload as EntraClaims;
}

const malformed = (kind: TokenKind) => new AuthError(`${kind}_malformed`, 'The token is not a well-formed JWT.');
const invalid = (kind: TokenKind, message: string, cause?: unknown) =>
  new AuthError(`${kind}_invalid`, message, { cause });

function readHeader(token: string, kind: TokenKind): JWTHeaderParameters {
  let header: JWTHeaderParameters;
  try {
    header = decodeProtectedHeader(token) as JWTHeaderParameters;
  } catch {
    throw malformed(kind);
  }
  const unexpected = Object.keys(header).some((name) => !allowedHeaderParameters.has(name));
  if (unexpected || header.alg !== 'RS256' || typeof header.kid !== 'string' || !kidPattern.test(header.kid)) {
    throw invalid(kind, 'The token’s signature algorithm or key is not accepted.');
  }
  return header;
}

async function verifySignatureAndTime(token: string, key: CryptoKey, kind: TokenKind): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['RS256'],
      clockTolerance: clockSkew,
      maxTokenAge: maxLifetime,
      requiredClaims: ['exp', 'iat'],
    });
    if (typeof payload.exp !== 'number' || payload.exp > Date.now() / 1000 + maxLifetime + clockSkew) {
      throw invalid(kind, 'The token’s lifetime is not plausible.');
    }
    return payload;
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (error instanceof errors.JWTExpired) throw new AuthError(`${kind}_expired`, 'The token has expired.');
    throw invalid(kind, 'The token failed verification.', error);
  }
}

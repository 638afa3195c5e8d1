// The provider's RS256 signing key, generated at start, and its public JWK for the JWKS endpoint.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';

export interface PublicSigningJwk {
  kty: 'RSA';
  use: 'sig';
  alg: 'RS256';
  kid: string;
  n: string;
  e: string;
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: PublicSigningJwk;
}

/**
 * Generates a fresh RSA 2048 key with a random kid. The private key stays non-extractable: nothing
 * needs to export it, and a restart simply publishes a new key (tokens signed before it no longer verify).
 */
export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const { n, e } = await exportJWK(publicKey);
  if (!n || !e) throw new Error('jose exported an RSA public key without n or e');
  const kid = randomBytes(16).toString('base64url');
  return { kid, privateKey, publicJwk: { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n, e } };
}

// The provider's RS256 signing keys, generated at start, and their public JWKs in the shape of Entra's JWKS.
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { createSelfSignedCertificate } from './certificate.ts';

/** One key of Entra's JWKS: no `alg`; `kid` equals `x5t`; `x5c` holds the key's certificate. */
export interface PublicSigningJwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: [string];
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: PublicSigningJwk;
}

/** The keys of each kind of account; the first of each list signs, the others are published (as Entra's next keys). */
export interface KeySets {
  /** Work and school accounts, published with the `{tenantid}` issuer on common and organizations. */
  workforce: SigningKey[];
  /** Personal Microsoft accounts, published with the fixed 9188040d… issuer. */
  personal: SigningKey[];
  /** The External ID tenant's own keys. */
  externalId: SigningKey[];
}

const workforceCommonName = 'accounts.accesscontrol.windows.net';
const personalCommonName = 'Live ID STS Signing Public Key';

/**
 * Generates every key and its certificate at once (four RSA 2048 keys, generated in parallel on libuv's thread
 * pool). Private keys stay non-extractable: a restart simply publishes new keys.
 */
export async function createKeySets(): Promise<KeySets> {
  const [workforce, next, personal, externalId] = await Promise.all([
    createSigningKey(workforceCommonName),
    createSigningKey(workforceCommonName),
    createSigningKey(personalCommonName),
    createSigningKey(workforceCommonName),
  ]);
  return { workforce: [workforce, next], personal: [personal], externalId: [externalId] };
}

/** A fresh RSA 2048 key and a self-signed certificate of it; its kid is the certificate's thumbprint, as Entra's. */
export async function createSigningKey(commonName: string = workforceCommonName): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const [{ n, e }, certificate] = await Promise.all([
    exportJWK(publicKey),
    createSelfSignedCertificate({ privateKey, publicKey }, commonName),
  ]);
  if (!n || !e) throw new Error('jose exported an RSA public key without n or e');
  const kid = certificate.thumbprint;
  return {
    kid,
    privateKey,
    publicJwk: { kty: 'RSA', use: 'sig', kid, x5t: kid, n, e, x5c: [certificate.der] },
  };
}

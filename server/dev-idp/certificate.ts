// A self-signed X.509 certificate for a signing key, as Entra publishes in each JWKS key's x5c, in plain DER.
import { createHash, randomBytes, webcrypto } from 'node:crypto';

export interface SelfSignedCertificate {
  /** DER, base64 (not base64url): one entry of a JWK's `x5c` (RFC 7517 section 4.7). */
  der: string;
  /** base64url SHA-1 of the DER: the JWK's `x5t` (RFC 7517 section 4.8), which Entra also uses as `kid`. */
  thumbprint: string;
}

const certificateLifetime = 5 * 365 * 24 * 60 * 60 * 1000; // 5 years in ms, like Entra's signing certificates

// DER encodings of the object identifiers used (X.690 8.19).
const sha256WithRsaEncryption = Buffer.from('06092a864886f70d01010b', 'hex'); // 1.2.840.113549.1.1.11
const commonNameAttribute = Buffer.from('0603550403', 'hex'); // 2.5.4.3
const derNull = Buffer.from('0500', 'hex');

/**
 * Signs an X.509 v3 certificate (RFC 5280 section 4.1) over the key pair's own public key with RS256. The common
 * name follows Entra's: `accounts.accesscontrol.windows.net` for work accounts, `Live ID STS Signing Public Key`
 * for personal ones. Written by hand because it is about forty lines of DER; node:crypto's X509Certificate
 * parses it back in the tests.
 */
export async function createSelfSignedCertificate(
  keys: { privateKey: webcrypto.CryptoKey; publicKey: webcrypto.CryptoKey },
  commonName: string,
): Promise<SelfSignedCertificate> {
  const notBefore = new Date();
  const notAfter = new Date(notBefore.getTime() + certificateLifetime);
  const name = sequence(set(sequence(commonNameAttribute, tlv(0x0c, Buffer.from(commonName, 'utf8')))));
  const signatureAlgorithm = sequence(sha256WithRsaEncryption, derNull);
  const publicKeyInfo = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  // A positive serial number of 8 bytes: the first byte below 0x80 keeps the INTEGER positive (RFC 5280 4.1.2.2).
  const serial = randomBytes(8);
  serial[0] = serial[0]! & 0x7f;
  const toBeSigned = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // [0] EXPLICIT version v3
    tlv(0x02, serial),
    signatureAlgorithm,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    publicKeyInfo,
  );
  const signature = Buffer.from(
    await webcrypto.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, keys.privateKey, toBeSigned),
  );
  const der = sequence(toBeSigned, signatureAlgorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { der: der.toString('base64'), thumbprint: createHash('sha1').update(der).digest('base64url') };
}

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  const header =
    length < 0x80 ? [tag, length] : length < 0x100 ? [tag, 0x81, length] : [tag, 0x82, length >> 8, length & 0xff];
  return Buffer.concat([Buffer.from(header), content]);
}

function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both in seconds with a Z. */
function time(date: Date): Buffer {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(digits, 'ascii'));
}

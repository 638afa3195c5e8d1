// HS256 JSON Web Tokens (RFC 7515, 7519) with node:crypto: the session token's one algorithm, signed and
// checked synchronously in microseconds (jose goes through WebCrypto, a promise and a thread-pool job each).
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';

/** A secret made ready for HMAC-SHA256 once, at start-up. */
export const hs256Key = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

const encodedHeader = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
// A compact JWS: three base64url segments (RFC 7515 7.1); anything else is refused before any decoding.
const compactJws = /^([\w-]+)\.([\w-]+)\.([\w-]{43})$/;
const signatureLength = 32; // bytes of an HMAC-SHA256

/** `claims` as a compact HS256 JWT signed with `key`. */
export function signHs256(claims: Record<string, unknown>, key: KeyObject): string {
  const input = `${encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

/**
 * The claims of `token` when it is a compact JWS whose header says `HS256` (no `crit`) and whose signature
 * one of `keys` made; undefined for anything else. The comparison is constant-time. The claims themselves
 * (issuer, expiry, …) are the caller's to check.
 *
 * @example const claims = verifyHs256(cookie, keys); if (!claims) throw invalid();
 */
export function verifyHs256(token: string, keys: readonly KeyObject[]): Record<string, unknown> | undefined {
  const parts = compactJws.exec(token);
  if (!parts) return undefined;
  const [, header, payload, signature] = parts as unknown as [string, string, string, string];
  // The algorithm is pinned (RFC 8725 3.1): `none`, HS384, RS256 with an embedded key… are refused here.
  const protectedHeader = decodeJsonObject(header);
  if (protectedHeader?.alg !== 'HS256' || 'crit' in protectedHeader || 'b64' in protectedHeader) return undefined;
  const expected = Buffer.from(signature, 'base64url');
  if (expected.length !== signatureLength) return undefined;
  const input = `${header}.${payload}`;
  const signedByUs = keys.some((key) => timingSafeEqual(createHmac('sha256', key).update(input).digest(), expected));
  return signedByUs ? decodeJsonObject(payload) : undefined;
}

function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// PKCE (RFC 7636) with the S256 method: the formats of challenge and verifier, and their comparison.
import { createHash, timingSafeEqual } from 'node:crypto';

// base64url of a SHA-256 digest without padding is always 43 characters.
const challengePattern = /^[A-Za-z0-9_-]{43}$/;
// RFC 7636 section 4.1: 43 to 128 unreserved characters.
const verifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;

export function isS256CodeChallenge(value: string): boolean {
  return challengePattern.test(value);
}

/** BASE64URL(SHA256(ASCII(code_verifier))), RFC 7636 section 4.2. */
export function s256CodeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** True when the verifier is well formed and hashes to the challenge sent at the authorize step. */
export function verifyCodeVerifier(verifier: string, codeChallenge: string): boolean {
  if (!verifierPattern.test(verifier)) return false;
  const expected = Buffer.from(codeChallenge);
  const actual = Buffer.from(s256CodeChallenge(verifier));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

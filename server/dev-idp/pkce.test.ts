// PKCE S256 helpers against the RFC 7636 example.
import { describe, expect, it } from 'vitest';
import { isS256CodeChallenge, s256CodeChallenge, verifyCodeVerifier } from './pkce.ts';

// RFC 7636 appendix B.
const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE S256', () => {
  it('computes the RFC 7636 example challenge', () => {
    expect(s256CodeChallenge(verifier)).toBe(challenge);
    expect(isS256CodeChallenge(challenge)).toBe(true);
  });

  it('accepts the matching verifier only', () => {
    expect(verifyCodeVerifier(verifier, challenge)).toBe(true);
    expect(verifyCodeVerifier(`${verifier.slice(0, -1)}j`, challenge)).toBe(false);
  });

  it('rejects malformed verifiers and challenges', () => {
    expect(verifyCodeVerifier('short', s256CodeChallenge('short'))).toBe(false);
    expect(verifyCodeVerifier('a'.repeat(129), s256CodeChallenge('a'.repeat(129)))).toBe(false);
    expect(isS256CodeChallenge(`${challenge}=`)).toBe(false);
    expect(isS256CodeChallenge('plain-verifier-used-as-challenge')).toBe(false);
  });
});

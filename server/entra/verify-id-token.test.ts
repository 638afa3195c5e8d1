import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  clientId,
  createSigningKey,
  type EntraSigner,
  otherTenantId,
  startEntraSigner,
  tenantId,
  userOid,
} from '../../test/support/entra-signer.ts';
import { refusal, refused } from '../../test/support/refusal.ts';
import { loadConfig } from '../config.ts';
import { AuthError, ProviderUnavailableError } from '../errors.ts';
import { createEntraVerifiers } from './entra-verifiers.ts';
import { maxTokenLength } from './verify-entra-token.ts';
import type { IdTokenVerifier } from './verify-id-token.ts';

// The ID-token verifier alone (SECURITY.md, "ID tokens"): real RSA keys, a JWKS over real HTTP, and the code
// and message of each refusal. The same checks through POST /auth/microsoft: routes/auth.test.ts.
let signer: EntraSigner;
let verify: IdTokenVerifier;
const nonce = 'nonce-of-this-sign-in';
beforeAll(async () => {
  signer = await startEntraSigner();
  verify = verifierFor(signer);
});
afterAll(() => signer.close());
afterEach(() => {
  vi.useRealTimers();
});

function verifierFor(signer: EntraSigner, env: Record<string, string> = {}) {
  const config = loadConfig({
    ENTRA_CLIENT_ID: clientId,
    ENTRA_TENANT_ID: tenantId,
    ENTRA_AUTHORITY_HOST: signer.authority,
    ...env,
  });
  return createEntraVerifiers(config, { keySet: { timeout: 500 } }).verifyIdToken;
}

const token = (claims: Record<string, unknown> = {}) => signer.sign(signer.idTokenClaims({ nonce, ...claims }));

describe('verifyIdToken()', () => {
  it('returns the user and the nonce it matched', async () => {
    expect(await verify(await token({ roles: ['Admin'] }), ['another', nonce])).toEqual({
      user: { id: userOid, tenantId, name: 'Test User', email: 'test.user@example.test', roles: ['Admin'] },
      nonce,
    });
  });

  it('refuses what is not a compact JWS, or too long, as id_token_malformed', async () => {
    const malformed = refused('id_token_malformed', 'The token is not a well-formed JWT.');
    for (const garbage of ['', 'abc', 'a.b', 'a.b.c.d', 'a.b.c d', `${'a'.repeat(maxTokenLength)}.b.c`]) {
      expect(await refusal(verify(garbage, [nonce]))).toMatchObject(malformed);
    }
    // Three parts, but the header is not JSON.
    expect(await refusal(verify('bm90IGpzb24.e30.c2ln', [nonce]))).toMatchObject(malformed);
  });

  it('refuses a header that brings its own key or another algorithm (RFC 8725 2.1, 3.1)', async () => {
    const header = refused('id_token_invalid', 'The token’s signature algorithm or key is not accepted.');
    const claims = signer.idTokenClaims({ nonce });
    expect(
      await refusal(verify(await signer.sign(claims, { header: { jku: 'https://evil.example' } }), [nonce])),
    ).toMatchObject(header);
    expect(await refusal(verify(await signer.signRaw({ alg: 'RS384' }, claims), [nonce]))).toMatchObject(header);
    expect(await refusal(verify(await signer.sign(claims, { header: { kid: 'a b' } }), [nonce]))).toMatchObject(header);
  });

  it('refuses a key the provider does not publish, and a signature by another key', async () => {
    const stranger = await createSigningKey('not-published');
    const claims = signer.idTokenClaims({ nonce });
    expect(await refusal(verify(await signer.sign(claims, { key: stranger }), [nonce]))).toMatchObject(
      refused('id_token_invalid', 'The token was not signed by a key of the identity provider.'),
    );
    const forged = await signer.sign(claims, { key: { ...stranger, kid: signer.primary.kid } });
    expect(await refusal(verify(forged, [nonce]))).toMatchObject(
      refused('id_token_invalid', 'The token failed verification.'),
    );
  });

  it('refuses an expired token as id_token_expired, past the 5 minutes of skew', async () => {
    const signed = await token();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (3600 + 4 * 60) * 1000);
    expect((await verify(signed, [nonce])).nonce).toBe(nonce);
    vi.setSystemTime(Date.now() + 2 * 60 * 1000);
    expect(await refusal(verify(signed, [nonce]))).toMatchObject(refused('id_token_expired', 'The token has expired.'));
  });

  it('refuses an implausible lifetime', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await refusal(verify(await token({ exp: now + 7 * 24 * 3600 }), [nonce]))).toMatchObject(
      refused('id_token_invalid', 'The token’s lifetime is not plausible.'),
    );
  });

  it('refuses another audience, issuer or tenant with their own codes', async () => {
    expect(await refusal(verify(await token({ aud: 'another-app' }), [nonce]))).toMatchObject(
      refused('audience_invalid', 'The token was issued for another application.'),
    );
    expect(await refusal(verify(await token({ aud: [clientId] }), [nonce]))).toMatchObject(refused('audience_invalid'));
    expect(await refusal(verify(await token({ iss: `${signer.authority}/${tenantId}/v1.0` }), [nonce]))).toMatchObject(
      refused('issuer_invalid', 'The token was not issued by the expected authority.'),
    );
    const foreign = { tid: otherTenantId, iss: `${signer.authority}/${otherTenantId}/v2.0` };
    expect(await refusal(verify(await token(foreign), [nonce]))).toMatchObject(refused('tenant_not_allowed'));
  });

  it('refuses a token that names no user, and anything but a v2.0 ID token', async () => {
    expect(await refusal(verify(await token({ oid: 'not-a-guid' }), [nonce]))).toMatchObject(
      refused('id_token_invalid', 'The token does not identify a user.'),
    );
    for (const claims of [{ ver: '1.0' }, { scp: 'access_as_user' }]) {
      expect(await refusal(verify(await token(claims), [nonce]))).toMatchObject(
        refused('id_token_invalid', 'This is not a v2.0 ID token.'),
      );
    }
  });

  it('binds the token to a nonce this browser holds (OIDC Core 3.1.3.7 step 11)', async () => {
    expect(await refusal(verify(await token(), []))).toMatchObject(
      refused('nonce_missing', 'The sign-in expired or began elsewhere. Please sign in again.'),
    );
    expect(await refusal(verify(await token({ nonce: undefined }), [nonce]))).toMatchObject(
      refused('nonce_missing', 'The token carries no nonce.'),
    );
    expect(await refusal(verify(await token({ nonce: 'another' }), [nonce]))).toMatchObject(
      refused('nonce_mismatch', 'The token was issued for another sign-in. Please sign in again.'),
    );
  });

  it('with ENTRA_REQUIRE_NONCE=false, accepts a token without a nonce, and binds one that has a nonce', async () => {
    const lenient = verifierFor(signer, { ENTRA_REQUIRE_NONCE: 'false' });
    expect((await lenient(await token({ nonce: undefined }), [])).nonce).toBeUndefined();
    expect((await lenient(await token(), [nonce])).nonce).toBe(nonce);
    expect(await refusal(lenient(await token(), []))).toMatchObject(refused('nonce_missing'));
    expect(await refusal(lenient(await token({ nonce: 'another' }), [nonce]))).toMatchObject(refused('nonce_mismatch'));
  });

  it('refuses an app-only token (idtyp app, another client in azp, no sub, sub = oid), whatever the nonce rule', async () => {
    const appOnly = refused('id_token_invalid', 'This token names an application, not a signed-in user.');
    const lenient = verifierFor(signer, { ENTRA_REQUIRE_NONCE: 'false' });
    for (const claims of [{ idtyp: 'app' }, { azp: 'another-client' }, { sub: undefined }, { sub: userOid }]) {
      expect(await refusal(verify(await token(claims), [nonce]))).toMatchObject(appOnly);
      expect(await refusal(lenient(await token({ ...claims, nonce: undefined }), []))).toMatchObject(appOnly);
    }
    // A user's token may say so, and may name our own client in azp.
    expect((await verify(await token({ idtyp: 'user', azp: clientId }), [nonce])).user.id).toBe(userOid);
  });

  it('throws idp_unavailable (503), not a token error, when no key set can be fetched', async () => {
    const cold = verifierFor(signer); // its own, empty cache
    signer.state.mode = { kind: 'down' };
    try {
      const error = await refusal(cold(await token(), [nonce]));
      expect(error).toEqual({
        name: 'ProviderUnavailableError',
        status: 503,
        code: 'idp_unavailable',
        message: 'The identity provider’s signing keys are unavailable. Try again shortly.',
      });
    } finally {
      signer.state.mode = { kind: 'ok' };
    }
  });

  it('never puts the token in an error', async () => {
    const signed = await token({ aud: 'another-app' });
    const error = await verify(signed, [nonce]).catch((error: unknown) => error);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).not.toBeInstanceOf(ProviderUnavailableError);
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(
      signed.split('.')[1],
    );
  });
});

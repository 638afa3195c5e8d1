import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  clientId,
  createSigningKey,
  type EntraSigner,
  otherTenantId,
  startEntraSigner,
  tenantId,
  userOid,
  v1IssuerHost,
} from '../../test/support/entra-signer.ts';
import { refusal, refused } from '../../test/support/refusal.ts';
import { loadConfig } from '../config.ts';
import { createEntraVerifiers } from './entra-verifiers.ts';
import type { AccessTokenVerifier } from './verify-access-token.ts';

// The access-token verifier alone (SECURITY.md, "Bearer access tokens"): real RSA keys, a JWKS over real HTTP,
// and the code of each refusal, named for access tokens by the shared checks themselves. The same tokens
// through /api, with the status and the challenge: middleware/require-user.test.ts.
let signer: EntraSigner;
let verify: AccessTokenVerifier;
beforeAll(async () => {
  signer = await startEntraSigner();
  const config = loadConfig({
    ENTRA_CLIENT_ID: clientId,
    ENTRA_TENANT_ID: tenantId,
    ENTRA_AUTHORITY_HOST: signer.authority,
  });
  verify = createEntraVerifiers(config).verifyAccessToken;
});
afterAll(() => signer.close());
afterEach(() => {
  vi.useRealTimers();
});

const token = (claims: Record<string, unknown> = {}, version: '2.0' | '1.0' = '2.0') =>
  signer.sign(signer.accessTokenClaims(claims, version));

describe('verifyAccessToken()', () => {
  it('returns the caller with its scopes, from a v2 or a v1 token', async () => {
    const caller = {
      id: userOid,
      tenantId,
      name: 'Test User',
      email: 'test.user@example.test',
      roles: [],
      scopes: ['access_as_user'],
      credential: 'bearer',
    };
    expect(await verify(await token())).toEqual(caller);
    expect(await verify(await token({}, '1.0'))).toEqual(caller);
    expect((await verify(await token({ scp: 'openid access_as_user' }))).scopes).toEqual(['openid', 'access_as_user']);
  });

  it('accepts an app role alone (an app-only token), with no scopes', async () => {
    expect(await verify(await token({ scp: undefined, roles: ['Admin'] }))).toMatchObject({
      roles: ['Admin'],
      scopes: [],
    });
  });

  it('names the shared checks’ failures for access tokens: malformed, invalid, expired', async () => {
    expect(await refusal(verify('not.a-valid.token'))).toMatchObject(
      refused('access_token_malformed', 'The token is not a well-formed JWT.'),
    );
    const claims = signer.accessTokenClaims();
    expect(
      await refusal(verify(await signer.sign(claims, { header: { jwk: signer.primary.publicJwk } }))),
    ).toMatchObject(refused('access_token_invalid', 'The token’s signature algorithm or key is not accepted.'));
    const stranger = await createSigningKey('not-published');
    expect(await refusal(verify(await signer.sign(claims, { key: stranger })))).toMatchObject(
      refused('access_token_invalid', 'The token was not signed by a key of the identity provider.'),
    );
    expect(await refusal(verify(await token({ oid: undefined })))).toMatchObject(
      refused('access_token_invalid', 'The token does not identify a user.'),
    );

    const signed = await token();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (3600 + 6 * 60) * 1000);
    expect(await refusal(verify(signed))).toMatchObject(refused('access_token_expired', 'The token has expired.'));
  });

  it('refuses another audience, issuer or tenant with the same codes as for ID tokens', async () => {
    expect(await refusal(verify(await token({ aud: 'api://another-app' })))).toMatchObject(refused('audience_invalid'));
    expect(await refusal(verify(await token({ iss: `https://sts.evil.example/${tenantId}/` }, '1.0')))).toMatchObject(
      refused('issuer_invalid', 'The token was not issued by the expected authority.'),
    );
    const foreign = { tid: otherTenantId, iss: `${signer.authority}/${otherTenantId}/v2.0` };
    expect(await refusal(verify(await token(foreign)))).toMatchObject(refused('tenant_not_allowed'));
  });

  it('refuses a ver that does not match the issuer', async () => {
    const mismatch = refused('issuer_invalid', 'The token’s version does not match its issuer.');
    expect(await refusal(verify(await token({ iss: `${v1IssuerHost}/${tenantId}/` })))).toMatchObject(mismatch);
    expect(await refusal(verify(await token({ ver: '3.0' })))).toMatchObject(mismatch);
  });

  it('refuses an ID token, or a look-alike with an ID-token claim or no client (F9)', async () => {
    const notAccess = refused('access_token_invalid', 'This is not an access token for this API.');
    expect(await refusal(verify(await signer.sign(signer.idTokenClaims({ roles: ['Admin'] }))))).toMatchObject(
      notAccess,
    );
    for (const claims of [{ nonce: 'n' }, { at_hash: 'x' }, { c_hash: 'y' }, { azp: undefined }, { scp: ['x'] }]) {
      expect(await refusal(verify(await token({ aud: clientId, ...claims })))).toMatchObject(notAccess);
    }
    expect(await refusal(verify(await token({ appid: undefined }, '1.0')))).toMatchObject(notAccess);
  });

  it('throws insufficient_scope (403) naming the scope, without the API scope or any role', async () => {
    const error = await verify(await token({ scp: 'User.Read' })).catch((error: unknown) => error);
    expect(error).toMatchObject({
      name: 'AccessDeniedError',
      status: 403,
      code: 'insufficient_scope',
      message: 'The access token lacks the access_as_user scope.',
      bearerScope: 'access_as_user',
    });
  });
});

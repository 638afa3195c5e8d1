import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import {
  clientId,
  type EntraSigner,
  otherTenantId,
  startEntraSigner,
  tenantId,
  userOid,
} from '../../test/support/entra-signer.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';

// requireUser() with bearer access tokens on /api (SECURITY.md F9, S6 and "Bearer access tokens"), through the
// real server: status, code and challenge. The verifier's own checks: entra/verify-access-token.test.ts.
let signer: EntraSigner;
let app: TestApp;
let call: ReturnType<typeof apiClient>;
beforeAll(async () => {
  signer = await startEntraSigner();
  app = await startTestApp(signer);
  call = apiClient(app.url);
});
afterAll(async () => {
  await app.close();
  await signer.close();
});

const me = (authorization: string, cookie?: string) => call('GET', '/api/me', { authorization, cookie });
const token = (claims: Record<string, unknown>, version: '2.0' | '1.0' = '2.0') =>
  signer.sign(signer.accessTokenClaims(claims, version));

async function expect401(result: { status: number; body: any; headers: Headers }, code?: string) {
  expect(result.status).toBe(401);
  expect(result.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  expect(result.body.status).toBe('error');
  if (code) expect(result.body.error).toBe(code);
  expect(JSON.stringify(result.body)).not.toMatch(/eyJ/);
}

describe('a bearer access token', () => {
  it('is accepted with the v2 issuer, and gives the user, never the scopes, in /api/me', async () => {
    const result = await me(await app.bearer({ roles: ['Reader'] }));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      id: userOid,
      tenantId,
      name: 'Test User',
      email: 'test.user@example.test',
      roles: ['Reader'],
    });
  });

  it('is accepted with the v1 issuer (sts.windows.net) and ver 1.0', async () => {
    const result = await me(await app.bearer({}, '1.0'));
    expect(result.status).toBe(200);
    expect(result.body.email).toBe('test.user@example.test'); // from upn
  });

  it('is accepted with the client id itself as aud (the default ENTRA_API_AUDIENCE lists both)', async () => {
    expect((await me(await app.bearer({ aud: clientId }))).status).toBe(200);
  });

  it('is refused when its ver does not match its issuer', async () => {
    const v1Issuer = `https://sts.windows.net/${tenantId}/`;
    await expect401(await me(`Bearer ${await token({ iss: v1Issuer })}`), 'issuer_invalid');
    await expect401(
      await me(`Bearer ${await token({ iss: `${signer.authority}/${tenantId}/v2.0` }, '1.0')}`),
      'issuer_invalid',
    );
    await expect401(await me(`Bearer ${await token({ ver: '3.0' })}`), 'issuer_invalid');
  });

  it('is refused with a foreign v1 issuer host, another tenant, or another audience', async () => {
    await expect401(
      await me(`Bearer ${await token({ iss: `https://sts.evil.example/${tenantId}/` }, '1.0')}`),
      'issuer_invalid',
    );
    await expect401(
      await me(`Bearer ${await token({ tid: otherTenantId, iss: `${signer.authority}/${otherTenantId}/v2.0` })}`),
    );
    await expect401(await me(`Bearer ${await token({ aud: 'api://another-app' })}`), 'audience_invalid');
    await expect401(await me(`Bearer ${await token({ aud: [`api://${clientId}`] })}`), 'audience_invalid');
  });

  it('is refused when expired, with an access-token code', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    await expect401(
      await me(`Bearer ${await token({ iat: past - 3600, nbf: past - 3600, exp: past })}`),
      'access_token_expired',
    );
  });

  it('answers 403 insufficient_scope, with the RFC 6750 challenge, without the API scope or any role', async () => {
    for (const scp of ['User.Read', '', 'access_as_user_not', 'ACCESS_AS_USER']) {
      const result = await me(`Bearer ${await token({ scp })}`);
      expect(result.status).toBe(403);
      expect(result.body.error).toBe('insufficient_scope');
      expect(result.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="access_as_user"');
    }
  });

  it('is accepted among other scopes, or for an app role alone (an app-only token)', async () => {
    expect((await me(`Bearer ${await token({ scp: 'User.Read access_as_user openid' })}`)).status).toBe(200);
    expect((await me(`Bearer ${await token({ scp: undefined, roles: ['Admin'] })}`)).status).toBe(200);
  });

  it('is refused when scp is not a string', async () => {
    await expect401(await me(`Bearer ${await token({ scp: ['access_as_user'] })}`), 'access_token_invalid');
  });

  it('refuses a malformed Authorization header, or another scheme, without looking at the cookie', async () => {
    const { sessionCookie } = await app.signIn();
    for (const header of [
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'Bearer a b',
      `Bearer\t${await token({})}`,
      'Token abc',
    ]) {
      await expect401(await me(header, sessionCookie), 'access_token_malformed');
    }
    await expect401(await me('Bearer not.a-valid.token', sessionCookie), 'access_token_malformed');
  });
});

describe('tokens that are not access tokens', () => {
  it('refuses a real ID token as a bearer token (F9): nonce, no azp, no scp', async () => {
    const idToken = await signer.sign(signer.idTokenClaims({ nonce: 'n', roles: ['Admin'] }));
    await expect401(await me(`Bearer ${idToken}`), 'access_token_invalid');
  });

  it('refuses an ID token without a nonce but with app roles and the client id as aud', async () => {
    const idToken = await signer.sign(signer.idTokenClaims({ roles: ['Admin'] }));
    await expect401(await me(`Bearer ${idToken}`), 'access_token_invalid');
  });

  it('refuses an access-token look-alike that carries an ID-token claim', async () => {
    for (const claim of [{ nonce: 'n' }, { at_hash: 'x' }, { c_hash: 'y' }]) {
      await expect401(await me(`Bearer ${await token({ aud: clientId, ...claim })}`), 'access_token_invalid');
    }
  });

  it('refuses a token that names no client (azp in v2, appid in v1)', async () => {
    await expect401(await me(`Bearer ${await token({ azp: undefined })}`), 'access_token_invalid');
    await expect401(await me(`Bearer ${await token({ appid: undefined }, '1.0')}`), 'access_token_invalid');
  });

  it('refuses our own session JWT as a bearer token (S6)', async () => {
    const { sessionCookie } = await app.signIn();
    const sessionJwt = sessionCookie!.split('=')[1]!;
    await expect401(await me(`Bearer ${sessionJwt}`), 'access_token_invalid');
  });
});

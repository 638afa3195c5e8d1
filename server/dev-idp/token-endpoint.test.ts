// The token endpoint over real HTTP: code redemption with PKCE, the tokens' claims, refusals and CORS.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { pkcePair, startTestServer, type TestServer } from './test-server.ts';
import { loadUsersFile } from './users.ts';

const file = loadUsersFile();
const adele = file.users.find((user) => user.roles.length === 0)!;
const megan = file.users.find((user) => user.roles.includes('Admin'))!;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

async function freshCode(oid = adele.oid, extra?: Record<string, string | undefined>) {
  const { verifier, challenge } = pkcePair();
  const { fragment } = await t.authorize({ challenge, oid, extra });
  return { verifier, code: fragment.get('code')!, clientInfo: fragment.get('client_info') };
}

describe('redeeming a code', () => {
  it('returns Entra-shaped tokens for the right verifier', async () => {
    const { verifier, code, clientInfo } = await freshCode(megan.oid);
    const response = await t.redeem({ code, code_verifier: verifier });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      scope: 'openid profile',
      expires_in: 3600,
      ext_expires_in: 3600,
      client_info: clientInfo,
    });
    expect(body).not.toHaveProperty('refresh_token');

    const jwks = createRemoteJWKSet(new URL(t.endpoint('/discovery/v2.0/keys')));
    const { payload: id, protectedHeader } = await jwtVerify(body.id_token, jwks, {
      issuer: t.idp.issuer,
      audience: t.idp.clientId,
      algorithms: ['RS256'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(id).toMatchObject({
      ver: '2.0',
      tid: t.idp.tenantId,
      oid: megan.oid,
      name: megan.name,
      preferred_username: megan.email,
      email: megan.email,
      roles: ['Admin'],
      nonce: 'nonce-123',
    });
    expect(id.sub).toBe(
      createHash('sha256')
        .update(megan.oid + t.idp.clientId)
        .digest('base64url'),
    );
    expect(id.exp! - id.iat!).toBe(3600);
    expect(id.nbf).toBe(id.iat);
    expect(id.uti).toEqual(expect.any(String));

    const { payload: access } = await jwtVerify(body.access_token, jwks, {
      issuer: t.idp.issuer,
      audience: `api://${t.idp.clientId}`,
      algorithms: ['RS256'],
    });
    expect(access).toMatchObject({
      ver: '2.0',
      oid: megan.oid,
      tid: t.idp.tenantId,
      azp: t.idp.clientId,
      roles: ['Admin'],
    });
    expect(access).not.toHaveProperty('nonce');
    expect(access).not.toHaveProperty('scp');
  });

  it('omits roles for a user without any, and nonce when none was sent', async () => {
    const { verifier, code } = await freshCode(adele.oid, { nonce: undefined });
    const id = decodeJwt((await (await t.redeem({ code, code_verifier: verifier })).json()).id_token);
    expect(id.oid).toBe(adele.oid);
    expect(id).not.toHaveProperty('roles');
    expect(id).not.toHaveProperty('nonce');
  });

  it('puts scp in the access token when api://{clientId}/access_as_user is requested', async () => {
    const scope = `openid profile api://${t.idp.clientId}/access_as_user`;
    const { verifier, code } = await freshCode(adele.oid, { scope });
    const body = await (await t.redeem({ code, code_verifier: verifier, scope })).json();
    expect(decodeJwt(body.access_token).scp).toBe('access_as_user');
  });
});

describe('refusals', () => {
  async function expectInvalidGrant(response: Response, description: RegExp) {
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ error: 'invalid_grant', correlation_id: 'req-1' });
    expect(body.error_description).toMatch(description);
    expect(body).not.toHaveProperty('id_token');
  }

  it('refuses a wrong PKCE verifier, and the code is gone afterwards', async () => {
    const { verifier, code } = await freshCode();
    await expectInvalidGrant(await t.redeem({ code, code_verifier: pkcePair().verifier }), /code_verifier/);
    await expectInvalidGrant(await t.redeem({ code, code_verifier: verifier }), /unknown or was already redeemed/);
  });

  it('refuses a code used twice', async () => {
    const { verifier, code } = await freshCode();
    expect((await t.redeem({ code, code_verifier: verifier })).status).toBe(200);
    await expectInvalidGrant(await t.redeem({ code, code_verifier: verifier }), /already redeemed/);
  });

  it('refuses an expired code', async () => {
    const { verifier, code } = await freshCode();
    // Only Date is faked, so the real HTTP server keeps working.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    await expectInvalidGrant(await t.redeem({ code, code_verifier: verifier }), /expired/);
  });

  it('refuses another client_id', async () => {
    const { verifier, code } = await freshCode();
    const client_id = '11111111-2222-4333-8444-555555555555';
    await expectInvalidGrant(await t.redeem({ code, code_verifier: verifier, client_id }), /client_id/);
  });

  it('refuses another redirect_uri', async () => {
    const { verifier, code } = await freshCode();
    const redirect_uri = 'http://localhost:5174/redirect.html';
    await expectInvalidGrant(await t.redeem({ code, code_verifier: verifier, redirect_uri }), /redirect_uri/);
  });

  it('refuses a missing verifier, other grant types and JSON bodies', async () => {
    const { code } = await freshCode();
    expect(await (await t.redeem({ code })).json()).toMatchObject({ error: 'invalid_request' });
    const refresh = await t.redeem({ grant_type: 'refresh_token', refresh_token: 'x' });
    expect(await refresh.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const json = await fetch(t.endpoint('/oauth2/v2.0/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('CORS', () => {
  it('allows loopback origins only', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000']) {
      const response = await t.redeem({ code: 'nope', code_verifier: 'x' }, { origin });
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null']) {
      const response = await t.redeem({ code: 'nope', code_verifier: 'x' }, { origin });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers a preflight', async () => {
    const preflight = (origin: string) =>
      fetch(t.endpoint('/oauth2/v2.0/token'), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const local = await preflight('http://localhost:5173');
    expect(local.status).toBe(204);
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(local.headers.get('access-control-allow-methods')).toContain('POST');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

// The token endpoint over real HTTP: code redemption with PKCE, the tokens' claims as Entra issues them, refusals and CORS.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testUser } from '../../test/support/test-users.ts';
import { pkcePair, redirectUri, startTestServer, type TestServer } from './test-server.ts';
import { loadUsersFile } from './users.ts';

const file = loadUsersFile();
const adele = testUser('Adele Vance');
const megan = testUser('Megan Bowen');
const isaiah = file.users.find((user) => user.kind === 'external-id' && user.roles.includes('Admin'))!;
const personalTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';
// A personal account that users.json (wrongly) gives an app role: Entra never puts roles in its tokens.
const patWithRoles = {
  oid: '00000000-0000-0000-4d2a-6f8b1c3e5a7d',
  name: 'Pat Kim (personal account)',
  email: 'pat.kim@outlook.test',
  roles: ['Admin'],
  kind: 'personal' as const,
};

let t: TestServer;
let withPersonalRoles: TestServer;
beforeAll(async () => {
  [t, withPersonalRoles] = await Promise.all([
    startTestServer(),
    startTestServer({ users: [{ ...megan }, patWithRoles] }),
  ]);
});
afterAll(() => {
  t.close();
  withPersonalRoles.close();
});
afterEach(() => {
  vi.useRealTimers();
});

async function freshCode(
  oid = adele.oid,
  extra?: Record<string, string | undefined>,
  server: TestServer = t,
  tenant?: string,
) {
  const { verifier, challenge } = pkcePair();
  const { fragment } = await server.authorize({ challenge, oid, extra, tenant });
  return { verifier, code: fragment.get('code')!, clientInfo: fragment.get('client_info') };
}

/** Authorize with `scope`, then redeem: the token response's JSON. */
async function signIn(oid: string, scope: string, server: TestServer = t, tenant?: string) {
  const { verifier, code } = await freshCode(oid, { scope }, server, tenant);
  const response = await server.redeem({ code, code_verifier: verifier, scope });
  expect(response.status).toBe(200);
  return response.json();
}

const apiScopeOf = (server: TestServer) => `api://${server.idp.clientId}/access_as_user`;

describe('redeeming a code', () => {
  it('returns Entra-shaped tokens for the right verifier', async () => {
    const { verifier, code, clientInfo } = await freshCode(megan.oid);
    const response = await t.redeem({ code, code_verifier: verifier });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      // What the access token is for: Microsoft Graph, as Entra reports a plain sign-in.
      scope: 'openid profile https://graph.microsoft.com/User.Read',
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
  });

  it('gives a Microsoft Graph access token on a plain sign-in, as Entra: v1, Graph audience, nonce in the header', async () => {
    const body = await signIn(megan.oid, 'openid profile email offline_access');
    const header = decodeProtectedHeader(body.access_token);
    expect(Object.keys(header)).toEqual(['typ', 'nonce', 'alg', 'x5t', 'kid']);
    expect(header.x5t).toBe(header.kid);
    const access = decodeJwt(body.access_token);
    expect(access).toMatchObject({
      aud: '00000003-0000-0000-c000-000000000000',
      iss: `https://sts.windows.net/${t.idp.tenantId}/`,
      ver: '1.0',
      tid: t.idp.tenantId,
      oid: megan.oid,
      appid: t.idp.clientId,
      scp: 'openid profile User.Read email',
    });
    expect(access).not.toHaveProperty('roles');
    expect(access).not.toHaveProperty('azp');
    // Graph hashes the header's nonce before checking the signature: as issued, it verifies for no one else.
    const jwks = createRemoteJWKSet(new URL(t.endpoint('/discovery/v2.0/keys', 'common')));
    await expect(jwtVerify(body.access_token, jwks)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('gives an access token for the app’s API only when api://{clientId}/access_as_user is requested', async () => {
    const body = await signIn(megan.oid, `openid profile ${apiScopeOf(t)}`);
    expect(body.scope).toBe(`openid profile ${apiScopeOf(t)}`);
    const jwks = createRemoteJWKSet(new URL(t.endpoint('/discovery/v2.0/keys')));
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
      scp: 'access_as_user',
      roles: ['Admin'],
    });
    expect(access).not.toHaveProperty('nonce');
  });

  it('omits roles for a user without any, and nonce when none was sent', async () => {
    const { verifier, code } = await freshCode(adele.oid, { nonce: undefined });
    const id = decodeJwt((await (await t.redeem({ code, code_verifier: verifier })).json()).id_token);
    expect(id.oid).toBe(adele.oid);
    expect(id).not.toHaveProperty('roles');
    expect(id).not.toHaveProperty('nonce');
  });

  it('never gives a personal account roles, even when users.json does; tid 9188040d…, personal issuer and key', async () => {
    const server = withPersonalRoles;
    const jwks = createRemoteJWKSet(new URL(server.endpoint('/discovery/v2.0/keys', 'consumers')));
    for (const tenant of ['consumers', 'common']) {
      const body = await signIn(patWithRoles.oid, `openid profile ${apiScopeOf(server)}`, server, tenant);
      const { payload: id } = await jwtVerify(body.id_token, jwks, {
        issuer: server.idp.personalIssuer,
        audience: server.idp.clientId,
      });
      expect(id).toMatchObject({ tid: personalTenantId, oid: patWithRoles.oid });
      expect(id).not.toHaveProperty('roles');
      const { payload: access } = await jwtVerify(body.access_token, jwks, { issuer: server.idp.personalIssuer });
      expect(access).toMatchObject({ scp: 'access_as_user', tid: personalTenantId });
      expect(access).not.toHaveProperty('roles');
    }
    // A plain sign-in of a personal account gets Microsoft's opaque Graph token, not a JWT.
    const plain = await signIn(patWithRoles.oid, 'openid profile', server, 'consumers');
    expect(plain.access_token.split('.')).toHaveLength(1);
    // A work account of the same provider keeps its roles.
    expect(decodeJwt((await signIn(megan.oid, 'openid', server)).id_token).roles).toEqual(['Admin']);
  });

  it('signs an External ID customer in with the External ID issuer, tenant and key, roles kept', async () => {
    const tenant = t.idp.externalTenantId;
    const body = await signIn(isaiah.oid, `openid profile ${apiScopeOf(t)}`, t, tenant);
    const jwks = createRemoteJWKSet(new URL(t.endpoint('/discovery/v2.0/keys', tenant)));
    const { payload: id } = await jwtVerify(body.id_token, jwks, {
      issuer: t.idp.externalIssuer,
      audience: t.idp.clientId,
    });
    expect(id).toMatchObject({ tid: tenant, oid: isaiah.oid, roles: ['Admin'] });
    expect(new URL(String(id.iss)).host).toBe(`${tenant}.localhost:${new URL(t.baseUrl).port}`);
    const workforceKeys = createRemoteJWKSet(new URL(t.endpoint('/discovery/v2.0/keys')));
    await expect(jwtVerify(body.id_token, workforceKeys)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });
});

/** Entra's JSON error: error, error_description (AADSTS…, Trace ID, Correlation ID, Timestamp), error_codes… */
async function expectEntraError(response: Response, error: string, code: number, description: RegExp) {
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(Object.keys(body).sort()).toEqual(
    ['correlation_id', 'error', 'error_codes', 'error_description', 'error_uri', 'timestamp', 'trace_id'].sort(),
  );
  expect(body).toMatchObject({
    error,
    error_codes: [code],
    correlation_id: 'req-1',
    error_uri: `${t.baseUrl}/error?code=${code}`,
  });
  expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(body.error_description).toMatch(description);
  expect(body.error_description).toContain(
    `\r\nTrace ID: ${body.trace_id}\r\nCorrelation ID: req-1\r\nTimestamp: ${body.timestamp}`,
  );
}

describe('refusals', () => {
  const expectInvalidGrant = (response: Response, code: number, description: RegExp) =>
    expectEntraError(response, 'invalid_grant', code, description);

  it('refuses a wrong PKCE verifier, and the code is gone afterwards', async () => {
    const { verifier, code } = await freshCode();
    await expectInvalidGrant(await t.redeem({ code, code_verifier: pkcePair().verifier }), 501481, /Code_Verifier/);
    await expectInvalidGrant(await t.redeem({ code, code_verifier: verifier }), 54005, /already redeemed/);
  });

  it('refuses a code used twice', async () => {
    const { verifier, code } = await freshCode();
    expect((await t.redeem({ code, code_verifier: verifier })).status).toBe(200);
    await expectInvalidGrant(await t.redeem({ code, code_verifier: verifier }), 54005, /already redeemed/);
  });

  it('refuses an expired code', async () => {
    const { verifier, code } = await freshCode();
    // Only Date is faked, so the real HTTP server keeps working.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    await expectInvalidGrant(await t.redeem({ code, code_verifier: verifier }), 70008, /expired/);
  });

  it('refuses another client_id', async () => {
    const { verifier, code } = await freshCode();
    const client_id = '11111111-2222-4333-8444-555555555555';
    await expectInvalidGrant(
      await t.redeem({ code, code_verifier: verifier, client_id }),
      700005,
      /other tenant or client/,
    );
  });

  it('refuses a redirect_uri that is not registered (AADSTS50011), or not the one of the authorize request', async () => {
    const { verifier, code } = await freshCode();
    const redirect_uri = 'http://localhost:5174/redirect.html';
    await expectEntraError(
      await t.redeem({ code, code_verifier: verifier, redirect_uri }),
      'invalid_request',
      50011,
      /The redirect URI 'http:\/\/localhost:5174\/redirect.html' specified in the request does not match/,
    );
    const registeredTwice = await startTestServer({ redirectUris: [redirectUri, 'http://localhost:5173/other.html'] });
    try {
      const { challenge, verifier: second } = pkcePair();
      const { fragment } = await registeredTwice.authorize({ challenge, oid: adele.oid });
      const response = await registeredTwice.redeem({
        code: fragment.get('code')!,
        code_verifier: second,
        redirect_uri: 'http://localhost:5173/other.html',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_grant', error_codes: [70000] });
    } finally {
      registeredTwice.close();
    }
  });

  it('refuses a missing verifier, other grant types and JSON bodies', async () => {
    const { code } = await freshCode();
    await expectEntraError(await t.redeem({ code }), 'invalid_request', 9002325, /Proof Key for Code Exchange/);
    const refresh = await t.redeem({ grant_type: 'refresh_token', refresh_token: 'x' });
    await expectEntraError(refresh, 'unsupported_grant_type', 70003, /unsupported grant type/);
    const json = await fetch(t.endpoint('/oauth2/v2.0/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
  });
});

describe('CORS', () => {
  it('answers CORS only for the origins of registered SPA redirect URIs, as Entra', async () => {
    const registered = await t.redeem({ code: 'nope', code_verifier: 'x' }, { origin: 'http://localhost:5173' });
    expect(registered.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(await registered.json()).toMatchObject({ error_codes: [54005] });
    const others = [
      'http://localhost:5174', // another port of the same host
      'http://127.0.0.1:5173',
      'https://localhost:5173',
      'https://evil.example',
      'null',
    ];
    for (const origin of others) {
      const response = await t.redeem({ code: 'nope', code_verifier: 'x' }, { origin });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      await expectEntraError(response, 'invalid_request', 9002326, /Cross-origin token redemption is permitted only/);
    }
  });

  it('redeems a code sent without Origin (from a server), with no CORS header', async () => {
    const { verifier, code } = await freshCode();
    const response = await t.redeem({ code, code_verifier: verifier });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
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
    expect((await preflight('http://localhost:5174')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

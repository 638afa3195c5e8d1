// createDevIdp(): discovery, JWKS, logout and mounting, over real HTTP.
import { Hono } from 'hono';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdp } from './dev-idp.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import { loadUsersFile } from './users.ts';

const file = loadUsersFile();
const adele = file.users.find((user) => user.roles.length === 0)!;
const megan = file.users.find((user) => user.roles.includes('Admin'))!;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('discovery', () => {
  it('serves an Entra-shaped document for the tenant', async () => {
    const response = await fetch(t.endpoint('/v2.0/.well-known/openid-configuration'));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const doc = await response.json();
    expect(doc).toMatchObject({
      issuer: t.idp.issuer,
      authorization_endpoint: t.endpoint('/oauth2/v2.0/authorize'),
      token_endpoint: t.endpoint('/oauth2/v2.0/token'),
      end_session_endpoint: t.endpoint('/oauth2/v2.0/logout'),
      jwks_uri: t.endpoint('/discovery/v2.0/keys'),
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(doc.scopes_supported).toContain('openid');
    expect(doc.claims_supported).toEqual(expect.arrayContaining(['oid', 'tid', 'nonce']));
    expect(t.idp.issuer).toBe(`${t.baseUrl}/${t.idp.tenantId}/v2.0`);
  });

  it('uses the {tenantid} issuer template on common and organizations', async () => {
    for (const tenant of ['common', 'organizations']) {
      const doc = await (await fetch(t.endpoint('/v2.0/.well-known/openid-configuration', tenant))).json();
      expect(doc.issuer).toBe(`${t.baseUrl}/{tenantid}/v2.0`);
      expect(doc.token_endpoint).toBe(t.endpoint('/oauth2/v2.0/token', tenant));
    }
  });

  it('answers an unknown tenant with 404 invalid_tenant, on every endpoint', async () => {
    const response = await fetch(`${t.baseUrl}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'invalid_tenant' });
    const authorize = await fetch(`${t.endpoint('/oauth2/v2.0/authorize', 'consumers')}?${t.authorizeParams()}`);
    expect(authorize.status).toBe(404);
  });
});

describe('JWKS', () => {
  it('publishes the RS256 key with its issuer, and verifies an issued ID token', async () => {
    const { keys } = await (await fetch(t.endpoint('/discovery/v2.0/keys'))).json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB', issuer: t.idp.issuer });
    expect(keys[0].kid).toEqual(expect.any(String));
    expect(keys[0]).not.toHaveProperty('d');

    const token = await t.idp.signIdToken(megan, { nonce: 'n-1' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: keys[0].kid });
    const jwks = createRemoteJWKSet(new URL(t.endpoint('/discovery/v2.0/keys')));
    const { payload } = await jwtVerify(token, jwks, {
      issuer: t.idp.issuer,
      audience: t.idp.clientId,
      algorithms: ['RS256'],
    });
    expect(payload).toMatchObject({ oid: megan.oid, tid: t.idp.tenantId, nonce: 'n-1', roles: ['Admin'] });
  });

  it('follows the multi-tenant recipe on common: key issuer with tid substituted equals iss', async () => {
    const { keys } = await (await fetch(t.endpoint('/discovery/v2.0/keys', 'common'))).json();
    const claims = decodeJwt(await t.idp.signIdToken(adele));
    expect(keys[0].issuer.replace('{tenantid}', claims.tid)).toBe(claims.iss);
  });
});

describe('logout', () => {
  it('redirects to a loopback post_logout_redirect_uri, and shows a page otherwise', async () => {
    const logout = (uri: string) =>
      fetch(`${t.endpoint('/oauth2/v2.0/logout')}?post_logout_redirect_uri=${encodeURIComponent(uri)}`, {
        redirect: 'manual',
      });
    const back = await logout('http://localhost:5173/');
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('http://localhost:5173/');
    const away = await logout('https://evil.example/');
    expect(away.status).toBe(200);
    expect(away.headers.get('location')).toBeNull();
    expect(await away.text()).toContain('Signed out');
  });
});

describe('createDevIdp()', () => {
  it('works mounted under a prefix', async () => {
    const mounted = await createDevIdp({ baseUrl: 'http://localhost:3000/dev-idp' });
    const root = new Hono().route('/dev-idp', mounted.app);
    const response = await root.request(`/dev-idp/${mounted.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(await response.json()).toMatchObject({
      issuer: `http://localhost:3000/dev-idp/${mounted.tenantId}/v2.0`,
      token_endpoint: `http://localhost:3000/dev-idp/${mounted.tenantId}/oauth2/v2.0/token`,
    });
    expect((await root.request('/dev-idp/nope/discovery/v2.0/keys')).status).toBe(404);
  });

  it('takes its defaults from users.json', () => {
    expect(t.idp).toMatchObject({ tenantId: file.tenantId, clientId: file.clientId, users: file.users });
  });

  it('fails at start on a bad option, naming it', async () => {
    await expect(createDevIdp({ baseUrl: 'http://localhost:3000/dev-idp/' })).rejects.toThrow('options.baseUrl');
    await expect(createDevIdp({ baseUrl: 'http://localhost:3000', clientId: 'app' })).rejects.toThrow(
      'options.clientId',
    );
    await expect(createDevIdp({ baseUrl: 'http://localhost:3000', codeLifetime: 0 })).rejects.toThrow(
      'options.codeLifetime',
    );
  });
});

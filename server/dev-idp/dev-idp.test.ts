// createDevIdp(): logout, mounting and options, over real HTTP (discovery and JWKS: metadata-endpoints.test.ts, jwks.test.ts).
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdp } from './dev-idp.ts';
import { redirectUri, startTestServer, type TestServer } from './test-server.ts';
import { loadUsersFile } from './users.ts';

const file = loadUsersFile();

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('logout', () => {
  it('redirects to a registered post_logout_redirect_uri only, and shows a page otherwise', async () => {
    const logout = (uri: string) =>
      fetch(`${t.endpoint('/oauth2/v2.0/logout')}?post_logout_redirect_uri=${encodeURIComponent(uri)}`, {
        redirect: 'manual',
      });
    const back = await logout(redirectUri);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(redirectUri);
    for (const elsewhere of ['https://evil.example/', 'http://localhost:5173/other.html']) {
      const away = await logout(elsewhere);
      expect(away.status).toBe(200);
      expect(away.headers.get('location')).toBeNull();
      expect(await away.text()).toContain('Signed out');
    }
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
    expect((await root.request('/dev-idp/nope/discovery/v2.0/keys')).status).toBe(400);
    const external = await root.request(`/dev-idp/${mounted.externalTenantId}/v2.0/.well-known/openid-configuration`);
    expect((await external.json()).issuer).toBe(
      `http://${mounted.externalTenantId}.localhost:3000/dev-idp/${mounted.externalTenantId}/v2.0`,
    );
  });

  it('takes its defaults from users.json', async () => {
    expect(t.idp).toMatchObject({
      tenantId: file.tenantId,
      tenantDomain: file.tenantDomain,
      externalTenantId: file.externalTenant.tenantId,
      clientId: file.clientId,
      users: file.users,
    });
    const defaults = await createDevIdp({ baseUrl: 'http://localhost:3000' });
    expect(defaults.redirectUris).toEqual(file.redirectUris);
    expect(defaults.tenantSegments).toEqual(
      expect.arrayContaining([
        file.tenantId,
        file.tenantDomain,
        file.externalTenant.tenantId,
        'consumers',
        'common',
        'organizations',
      ]),
    );
  });

  it('fails at start on a bad option, naming it', async () => {
    await expect(createDevIdp({ baseUrl: 'http://localhost:3000/dev-idp/' })).rejects.toThrow('options.baseUrl');
    await expect(createDevIdp({ baseUrl: 'http://localhost:3000', clientId: 'app' })).rejects.toThrow(
      'options.clientId',
    );
    await expect(createDevIdp({ baseUrl: 'http://localhost:3000', codeLifetime: 0 })).rejects.toThrow(
      'options.codeLifetime',
    );
    await expect(
      createDevIdp({ baseUrl: 'http://localhost:3000', redirectUris: ['http://example.com/'] }),
    ).rejects.toThrow('options.redirectUris[0]');
    await expect(createDevIdp({ baseUrl: 'http://localhost:3000', externalTenantId: file.tenantId })).rejects.toThrow(
      'options.externalTenantId',
    );
  });
});

// startDevServer() with the development identity provider: DEV_IDP_MODE, the registration mapped onto the real
// ports, every tenant segment routed, and a whole sign-in over HTTP in each mode (the API configured as a
// deployment of that kind).
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCookies } from '../test/support/http.ts';
import { tempDatabasePath } from '../test/support/test-app.ts';
import { testUser } from '../test/support/test-users.ts';
import { ConfigError } from './config.ts';
import { type DevServer, startDevServer } from './dev-server.ts';
import users from './dev-idp/users.json' with { type: 'json' };

const personalTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** Authorize (picker GET + POST) for `redirectUri` at `segment`; the redirect's Location or the page. */
async function authorize(
  server: DevServer,
  segment: string,
  redirectUri: string,
  oid: string,
  nonce = 'n',
  scope = 'openid profile email',
) {
  const verifier = randomBytes(32).toString('base64url');
  const params = new URLSearchParams({
    client_id: users.clientId,
    scope,
    redirect_uri: redirectUri,
    response_mode: 'fragment',
    response_type: 'code',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    nonce,
    state: 's',
  });
  const endpoint = `${server.url}/${segment}/oauth2/v2.0/authorize`;
  const picker = await fetch(`${endpoint}?${params}`);
  const page = await picker.text();
  if (!page.includes('Pick an account')) return { page };
  const response = await fetch(endpoint, {
    method: 'POST',
    body: new URLSearchParams([...params, ['oid', oid]]),
    redirect: 'manual',
  });
  const fragment = new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1));
  return { page, code: fragment.get('code')!, verifier };
}

describe('startDevServer() with DEV_IDP_MODE', () => {
  it('stops start-up on an unknown DEV_IDP_MODE with one line naming it', async () => {
    const start = startDevServer({ PORT: '0', DATABASE_PATH: tempDatabasePath(), DEV_IDP_MODE: 'b2c' });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/^DEV_IDP_MODE must be one of workforce, external-id, consumers, common/);
  });

  describe.each([
    { mode: 'workforce', segment: users.tenantId, user: 'Adele Vance', tenantId: users.tenantId },
    {
      mode: 'external-id',
      segment: users.externalTenant.tenantId,
      user: 'Diego Siciliani',
      tenantId: users.externalTenant.tenantId,
    },
    { mode: 'consumers', segment: 'consumers', user: 'Pat Kim', tenantId: personalTenantId },
    { mode: 'common', segment: 'common', user: 'Adele Vance', tenantId: users.tenantId },
  ])('DEV_IDP_MODE=$mode', ({ mode, segment, user, tenantId }) => {
    let server: DevServer;
    beforeAll(async () => {
      server = await startDevServer({ PORT: '0', DATABASE_PATH: tempDatabasePath(), DEV_IDP_MODE: mode });
    });
    afterAll(() => server?.close());

    it('configures the API as a deployment of that kind, and the sign-in works end to end', async () => {
      expect(server).toMatchObject({ devIdp: true, devIdpMode: mode });
      const nonceResponse = await fetch(`${server.url}/auth/nonce`);
      const { nonce } = (await nonceResponse.json()) as { nonce: string };
      const cookie = [...setCookies(nonceResponse)].map(([name, { value }]) => `${name}=${value}`).join('; ');
      const who = testUser(user);
      const { code, verifier } = await authorize(server, segment, `${server.url}/redirect.html`, who.oid, nonce);
      const tokens = await fetch(`${server.url}/${segment}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { origin: server.url },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: users.clientId,
          code: code!,
          code_verifier: verifier!,
          redirect_uri: `${server.url}/redirect.html`,
        }),
      });
      expect(tokens.headers.get('access-control-allow-origin')).toBe(server.url);
      const { id_token } = (await tokens.json()) as { id_token: string };
      const signIn = await fetch(`${server.url}/auth/microsoft`, {
        method: 'POST',
        headers: { origin: server.url, 'content-type': 'application/json', cookie },
        body: JSON.stringify({ id_token }),
      });
      expect(signIn.status).toBe(200);
      expect(((await signIn.json()) as { user: unknown }).user).toMatchObject({ id: who.oid, tenantId });
    });

    it('refuses the Graph access token of a plain sign-in on /api/me, and accepts the API’s (as a real tenant)', async () => {
      const bearerFor = async (scope: string) => {
        const redirectUri = `${server.url}/redirect.html`;
        const { code, verifier } = await authorize(server, segment, redirectUri, testUser(user).oid, 'n', scope);
        const response = await fetch(`${server.url}/${segment}/oauth2/v2.0/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: users.clientId,
            code: code!,
            code_verifier: verifier!,
            redirect_uri: redirectUri,
          }),
        });
        const { access_token } = (await response.json()) as { access_token: string };
        return fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${access_token}` } });
      };
      expect((await bearerFor('openid profile email')).status).toBe(401);
      const api = await bearerFor(`openid profile api://${users.clientId}/access_as_user`);
      expect(api.status).toBe(200);
      expect(await api.json()).toMatchObject({ id: testUser(user).oid, tenantId });
    });
  });
});

describe('startDevServer(): the app registration on the ports in use', () => {
  let server: DevServer;
  const siteOrigin = 'http://localhost:45999';
  const vitePage = 'http://localhost:5173/';
  beforeAll(async () => {
    server = await startDevServer(
      {
        PORT: '0',
        DATABASE_PATH: tempDatabasePath(),
        ALLOWED_ORIGINS: siteOrigin,
        DEV_IDP_REDIRECT_URIS: `${vitePage}, http://localhost:46001/callback.html`,
      },
      { exampleSitePort: 0 },
    );
  });
  afterAll(() => server?.close());

  const picker = async (redirectUri: string) =>
    (await authorize(server, users.tenantId, redirectUri, testUser('Adele Vance').oid)).page;

  it('maps users.json’s redirect URIs onto the demo’s and the example site’s real origins', async () => {
    expect(server.exampleUrl).toBeDefined();
    for (const uri of [
      `${server.url}/redirect.html`,
      `${server.exampleUrl}/`,
      `${server.exampleUrl}/strict-csp.html`,
      `${siteOrigin}/`, // a site of ALLOWED_ORIGINS counts as the example's
    ]) {
      expect(await picker(uri)).toContain('Pick an account');
    }
  });

  it('registers DEV_IDP_REDIRECT_URIS as they are, and says which pages it holds', async () => {
    expect(await picker(vitePage)).toContain('Pick an account');
    expect(await picker('http://localhost:46001/callback.html')).toContain('Pick an account');
    expect(server.redirectUris).toEqual(
      expect.arrayContaining([`${server.url}/redirect.html`, `${siteOrigin}/`, vitePage]),
    );
  });

  it('stops start-up on a DEV_IDP_REDIRECT_URIS entry that is not a page address, naming it', async () => {
    await expect(
      startDevServer({ PORT: '0', DATABASE_PATH: tempDatabasePath(), DEV_IDP_REDIRECT_URIS: 'localhost:5173' }),
    ).rejects.toThrow(/^DEV_IDP_REDIRECT_URIS must be a comma list of page addresses/);
  });

  it('still refuses every other page with AADSTS50011, as Entra would', async () => {
    for (const uri of [`${server.url}/`, `${server.url}/index.html`, `${server.exampleUrl}/other.html`]) {
      const page = await picker(uri);
      expect(page).toContain('AADSTS50011: The redirect URI');
      expect(page).not.toContain('Pick an account');
    }
  });

  it('routes every tenant segment the provider answers to it', async () => {
    for (const segment of [
      users.tenantId,
      users.tenantId.toUpperCase(),
      users.tenantDomain,
      users.externalTenant.tenantId,
      'consumers',
      personalTenantId,
      'common',
      'organizations',
    ]) {
      const response = await fetch(`${server.url}/${segment}/v2.0/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { issuer: string }).issuer).toContain('/v2.0');
    }
  });
});

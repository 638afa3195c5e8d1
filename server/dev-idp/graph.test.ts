// The Microsoft Graph stand-in over real HTTP, with access tokens the provider issued through its own endpoints.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testUser } from '../../test/support/test-users.ts';
import { pkcePair, startTestServer, type TestServer } from './test-server.ts';
import { loadUsersFile } from './users.ts';

const file = loadUsersFile();
const adele = testUser('Adele Vance');
const megan = testUser('Megan Bowen');
const diego = file.users.find((user) => user.kind === 'external-id')!;
const pat = file.users.find((user) => user.kind === 'personal')!;
const pageOrigin = 'http://localhost:5173';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());
afterEach(() => void vi.useRealTimers());

/** The access token a sign-in of `oid` with `scope` gets, as MSAL would redeem it. */
async function accessToken(oid: string, scope = 'openid profile User.Read', tenant?: string): Promise<string> {
  const { verifier, challenge } = pkcePair();
  const { fragment } = await t.authorize({ challenge, oid, extra: { scope }, tenant });
  const response = await t.redeem({ code: fragment.get('code')!, code_verifier: verifier, scope });
  return ((await response.json()) as { access_token: string }).access_token;
}

const graph = (path: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${t.baseUrl}/v1.0${path}`, {
    headers: { origin: pageOrigin, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });

describe('GET /v1.0/me', () => {
  it('answers the profile for a Graph token of a work, External ID or personal account, with CORS for any origin', async () => {
    for (const [user, tenant] of [
      [adele, undefined],
      [diego, t.idp.externalTenantId],
      [pat, 'consumers'],
    ] as const) {
      const response = await graph('/me', await accessToken(user.oid, 'openid profile User.Read', tenant), {
        'client-request-id': 'req-7',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('client-request-id')).toBe('req-7');
      expect(response.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await response.json()).toMatchObject({
        '@odata.context': `${t.baseUrl}/v1.0/$metadata#users/$entity`,
        id: user.oid,
        displayName: user.name,
        userPrincipalName: user.email,
        mail: user.email,
      });
    }
  });

  it('answers a preflight as Graph does: any origin, the requested headers, no credentials', async () => {
    const response = await fetch(`${t.baseUrl}/v1.0/me`, {
      method: 'OPTIONS',
      headers: {
        origin: pageOrigin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization');
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('refuses with 401 InvalidAuthenticationToken: no token, the app’s own API token, an ID token, an edited one', async () => {
    const graphToken = await accessToken(adele.oid);
    const [header, payload, signature] = graphToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const edited = Buffer.from(JSON.stringify({ ...claims, oid: megan.oid })).toString('base64url');
    const cases: [string | undefined, RegExp][] = [
      [undefined, /Access token is empty/],
      [await accessToken(adele.oid, `openid api://${t.idp.clientId}/access_as_user`), /Invalid audience/],
      [await t.idp.signIdToken(adele), /Invalid audience/],
      [`${header}.${edited}.${signature}`, /Invalid signature/],
      ['not-a-token', /not well formed/],
      ['EwAforged', /not well formed/],
    ];
    for (const [token, message] of cases) {
      const response = await graph('/me', token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="", authorization_uri=/);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('InvalidAuthenticationToken');
      expect(body.error.message).toMatch(message);
    }
  });

  it('refuses an expired token', async () => {
    const token = await accessToken(adele.oid);
    vi.useFakeTimers({ now: Date.now() + 3_600_000 + 301_000, toFake: ['Date'] });
    const response = await graph('/me', token);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
  });
});

describe('GET /v1.0/me/photo/$value', () => {
  it('answers a generated PNG, the same for the same person, another for another', async () => {
    const photo = async (oid: string, tenant?: string) => {
      const response = await graph('/me/photo/$value', await accessToken(oid, undefined, tenant));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      return Buffer.from(await response.arrayBuffer());
    };
    const picture = await photo(adele.oid);
    expect(picture.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([picture.readUInt32BE(16), picture.readUInt32BE(20)]).toEqual([120, 120]);
    expect(await photo(adele.oid)).toEqual(picture);
    expect(await photo(diego.oid, t.idp.externalTenantId)).not.toEqual(picture);
  });

  it('answers 404 ImageNotFound for the test user without a photo', async () => {
    const response = await graph('/me/photo/$value', await accessToken(megan.oid));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'ImageNotFound' } });
  });

  it('answers 400 BadRequest for a path it does not know', async () => {
    const response = await graph('/me/calendar', await accessToken(adele.oid));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BadRequest' } });
  });
});

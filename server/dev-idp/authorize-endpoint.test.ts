// The authorize endpoint over real HTTP: the account picker, the redirect with the code, and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdp } from './dev-idp.ts';
import { pkcePair, redirectUri, startTestServer, testState, type TestServer } from './test-server.ts';
import { loadUsersFile } from './users.ts';

const file = loadUsersFile();
const adele = file.users.find((user) => user.roles.length === 0)!;
const megan = file.users.find((user) => user.roles.includes('Admin'))!;
const otherClient = '11111111-2222-4333-8444-555555555555';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

function get(params: URLSearchParams) {
  return fetch(`${t.endpoint('/oauth2/v2.0/authorize')}?${params}`, { redirect: 'manual' });
}

function post(form: URLSearchParams) {
  return fetch(t.endpoint('/oauth2/v2.0/authorize'), { method: 'POST', body: form, redirect: 'manual' });
}

function fragmentOf(response: Response) {
  return new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1));
}

describe('GET authorize', () => {
  it('shows the account picker with every test user, without COOP and with a strict CSP', async () => {
    const response = await get(t.authorizeParams());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cross-origin-opener-policy')).toBeNull();
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    // The redirect after the form post is checked against form-action too.
    expect(csp).toContain("form-action 'self' http://localhost:5173");
    const page = await response.text();
    expect(page).toContain('<title>Pick an account');
    expect(page).toContain('no Microsoft account is used');
    for (const user of file.users) {
      expect(page).toContain(user.name);
      expect(page).toContain(user.email);
      expect(page).toContain(`name="oid" value="${user.oid}"`);
    }
    expect(page).toContain('Role: <span class="role">Admin</span>');
    expect(page).toContain('<form method="post" action="authorize">');
    expect(page).toContain(`name="code_challenge"`);
    expect(page).not.toContain('x-client-SKU');
    expect(page).not.toContain('<script');
  });

  it('shows an error page and does not redirect for a non-loopback redirect_uri', async () => {
    const uris = [
      'https://evil.example/cb',
      'http://localhost.evil.example/cb',
      'http://localhost@evil.example/',
      'http://localhost:5173/cb#fragment',
      'javascript:alert(1)',
      'redirect.html',
    ];
    for (const uri of uris) {
      const response = await get(t.authorizeParams({ redirect_uri: uri }));
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('Can&#39;t sign in');
    }
  });

  it('shows an error page for a wrong client_id', async () => {
    const response = await get(t.authorizeParams({ client_id: otherClient }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('invalid_client');
  });

  it('redirects other errors to the validated redirect_uri, with the state', async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ code_challenge: undefined }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'not-a-digest' }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'profile' }, 'invalid_scope'],
      [{ prompt: 'none' }, 'login_required'],
    ];
    for (const [overrides, error] of cases) {
      const response = await get(t.authorizeParams(overrides));
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      const fragment = new URLSearchParams(location.hash.slice(1));
      expect(fragment.get('error')).toBe(error);
      expect(fragment.get('state')).toBe(testState);
      expect(fragment.has('code')).toBe(false);
    }
  });

  it('refuses a repeated parameter', async () => {
    const params = t.authorizeParams();
    params.append('nonce', 'second');
    expect(fragmentOf(await get(params)).get('error')).toBe('invalid_request');
  });
});

describe('POST authorize (the picker)', () => {
  it('redirects with a code, the state verbatim and client_info in the fragment', async () => {
    const { location, fragment } = await t.authorize({ challenge: pkcePair().challenge, oid: megan.oid });
    expect(location.startsWith(`${redirectUri}#`)).toBe(true);
    expect(fragment.get('state')).toBe(testState);
    expect(Buffer.from(fragment.get('code')!, 'base64url')).toHaveLength(32);
    expect(JSON.parse(Buffer.from(fragment.get('client_info')!, 'base64url').toString())).toEqual({
      uid: megan.oid,
      utid: t.idp.tenantId,
    });
  });

  it('supports response_mode=query', async () => {
    const extra = { response_mode: 'query' };
    const { location } = await t.authorize({ challenge: pkcePair().challenge, oid: adele.oid, extra });
    const url = new URL(location);
    expect(url.hash).toBe('');
    expect(url.searchParams.get('code')).toEqual(expect.any(String));
    expect(url.searchParams.get('state')).toBe(testState);
  });

  it('redirects with access_denied when the person cancels', async () => {
    const form = t.authorizeParams();
    form.set('cancel', '1');
    const fragment = fragmentOf(await post(form));
    expect(fragment.get('error')).toBe('access_denied');
    expect(fragment.get('state')).toBe(testState);
  });

  it('does not issue a code for an unknown user', async () => {
    const form = t.authorizeParams();
    form.set('oid', '99999999-9999-4999-8999-999999999999');
    const fragment = fragmentOf(await post(form));
    expect(fragment.get('error')).toBe('invalid_request');
    expect(fragment.has('code')).toBe(false);
  });

  it('validates the posted parameters again: wrong client_id or redirect_uri gives an error page', async () => {
    for (const overrides of [{ client_id: otherClient }, { redirect_uri: 'https://evil.example/cb' }]) {
      const form = t.authorizeParams(overrides);
      form.set('oid', adele.oid);
      const response = await post(form);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });
});

describe('account picker page', () => {
  it('escapes user data and request parameters', async () => {
    const hostile = await createDevIdp({
      baseUrl: 'http://localhost:3000/dev-idp',
      users: [
        {
          oid: adele.oid,
          name: '<script>alert(1)</script>',
          email: 'x"onmouseover="y@contoso.test',
          roles: ['<b>Admin</b>'],
        },
      ],
    });
    const params = t.authorizeParams({ client_id: hostile.clientId, state: '"><script>alert(2)</script>' });
    const page = await (await hostile.app.request(`/${hostile.tenantId}/oauth2/v2.0/authorize?${params}`)).text();
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<b>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('x&quot;onmouseover=&quot;y@contoso.test');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
  });
});

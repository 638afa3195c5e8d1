// The authorize endpoint over real HTTP: the account picker, the redirect with the code, and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testUser } from '../../test/support/test-users.ts';
import { createDevIdp } from './dev-idp.ts';
import { pkcePair, redirectUri, startTestServer, testState, unescapeHtml, type TestServer } from './test-server.ts';
import { loadUsersFile } from './users.ts';

const file = loadUsersFile();
const adele = testUser('Adele Vance');
const megan = testUser('Megan Bowen');
const lee = testUser('Lee Gu');
const alex = testUser('Alex Wilber');
const pat = file.users.find((user) => user.kind === 'personal')!;
const personalTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';
const otherClient = '11111111-2222-4333-8444-555555555555';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

function get(params: URLSearchParams, tenant?: string) {
  return fetch(`${t.endpoint('/oauth2/v2.0/authorize', tenant)}?${params}`, { redirect: 'manual' });
}

function post(form: URLSearchParams, tenant?: string) {
  return fetch(t.endpoint('/oauth2/v2.0/authorize', tenant), { method: 'POST', body: form, redirect: 'manual' });
}

/** Entra's description: `AADSTSnnnnn: text`, then Trace ID, Correlation ID and Timestamp lines (CRLF). */
function expectEntraDescription(description: string, code: number, correlationId?: string) {
  const [first, trace, correlation, timestamp] = description.split('\r\n');
  expect(first).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(trace).toMatch(/^Trace ID: [0-9a-f-]{36}$/);
  expect(correlation).toMatch(correlationId ? `Correlation ID: ${correlationId}` : /^Correlation ID: [0-9a-f-]{36}$/);
  expect(timestamp).toMatch(/^Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
}

/** The parameters of Entra's error redirect: error, error_description, error_uri, state (in this order). */
function expectEntraErrorRedirect(fragment: URLSearchParams, error: string, code: number) {
  expect([...fragment.keys()]).toEqual(['error', 'error_description', 'error_uri', 'state']);
  expect(fragment.get('error')).toBe(error);
  expectEntraDescription(fragment.get('error_description')!, code);
  expect(fragment.get('error_uri')).toBe(`${t.baseUrl}/error?code=${code}`);
  expect(fragment.get('state')).toBe(testState);
}

function fragmentOf(response: Response) {
  return new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1));
}

describe('GET authorize', () => {
  it('shows the account picker with the tenant’s test users, without COOP and with a strict CSP', async () => {
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
    for (const user of file.users.filter((candidate) => candidate.kind === 'workforce')) {
      expect(page).toContain(user.name);
      expect(page).toContain(user.email);
      expect(page).toContain(`name="oid" value="${user.oid}"`);
    }
    expect(page).not.toContain(pat.oid);
    expect(page).toContain('Role: <span class="role">Admin</span>');
    expect(page).toContain('<form method="post" action="authorize">');
    expect(page).toContain(`name="code_challenge"`);
    expect(page).not.toContain('x-client-SKU');
    expect(page).not.toContain('<script');
  });

  it('offers the accounts each tenant segment allows', async () => {
    const kindsOn = async (tenant: string) => {
      const page = await (await get(t.authorizeParams(), tenant)).text();
      return new Set(file.users.filter((user) => page.includes(user.oid)).map((user) => user.kind));
    };
    expect(await kindsOn(t.idp.tenantId)).toEqual(new Set(['workforce']));
    expect(await kindsOn(t.idp.tenantDomain)).toEqual(new Set(['workforce']));
    expect(await kindsOn('organizations')).toEqual(new Set(['workforce']));
    expect(await kindsOn('common')).toEqual(new Set(['workforce', 'personal']));
    expect(await kindsOn('consumers')).toEqual(new Set(['personal']));
    expect(await kindsOn(t.idp.externalTenantId)).toEqual(new Set(['external-id']));
  });

  it('shows Entra’s AADSTS50011 page, and never redirects, for a redirect_uri that is not registered', async () => {
    const uris = [
      'http://localhost:5174/redirect.html', // another port
      'http://localhost:5173/redirect.html/', // another path
      'http://localhost:5173/Redirect.html',
      'https://localhost:5173/redirect.html',
      'http://127.0.0.1:5173/redirect.html',
      'https://evil.example/cb',
      'http://localhost:5173/redirect.html#fragment',
      'javascript:alert(1)',
      'redirect.html',
    ];
    for (const uri of uris) {
      const response = await get(t.authorizeParams({ redirect_uri: uri, 'client-request-id': 'corr-1' }));
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
      const page = unescapeHtml(await response.text());
      expect(page).toContain('Sorry, but we’re having trouble signing you in.');
      expect(page).toContain(
        `AADSTS50011: The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${t.idp.clientId}'.`,
      );
      expect(page).toMatch(/Trace ID: [0-9a-f-]{36}/);
      expect(page).toContain('Correlation ID: corr-1');
      expect(page).toMatch(/Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/);
    }
    expect((await get(t.authorizeParams())).status).toBe(200); // the registered one
  });

  it('shows Entra’s AADSTS700016 page for an unknown client_id', async () => {
    const response = await get(t.authorizeParams({ client_id: otherClient }));
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(unescapeHtml(await response.text())).toContain(
      `AADSTS700016: Application with identifier '${otherClient}' was not found in the directory '${t.idp.tenantId}'.`,
    );
  });

  it('redirects other errors to the validated redirect_uri, with the state', async () => {
    const cases: [Record<string, string | undefined>, string, number][] = [
      [{ code_challenge: undefined }, 'invalid_request', 9002325],
      [{ code_challenge_method: 'plain' }, 'invalid_request', 9002325],
      [{ code_challenge: 'not-a-digest' }, 'invalid_request', 501491],
      [{ response_type: 'token' }, 'unsupported_response_type', 700054],
      [{ scope: 'profile' }, 'invalid_scope', 70011],
      [{ prompt: 'none' }, 'login_required', 50058],
    ];
    for (const [overrides, error, code] of cases) {
      const response = await get(t.authorizeParams(overrides));
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      expectEntraErrorRedirect(new URLSearchParams(location.hash.slice(1)), error, code);
    }
  });

  it('refuses a repeated parameter', async () => {
    const params = t.authorizeParams();
    params.append('nonce', 'second');
    expectEntraErrorRedirect(fragmentOf(await get(params)), 'invalid_request', 90015);
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
    expect(fragment.get('error_subcode')).toBe('cancel');
    fragment.delete('error_subcode');
    expectEntraErrorRedirect(fragment, 'access_denied', 65004);
  });

  it('redirects Entra’s AADSTS50105 for a user not assigned to the app, and no code', async () => {
    const form = t.authorizeParams();
    form.set('oid', lee.oid);
    const fragment = fragmentOf(await post(form));
    expectEntraErrorRedirect(fragment, 'interaction_required', 50105);
    expect(fragment.get('error_description')).toContain(
      `AADSTS50105: Your administrator has configured the application Contoso Tasks ('${t.idp.clientId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user '{EmailHidden}' is blocked`,
    );
    expect(fragment.get('error_description')).not.toContain(lee.email);
  });

  it('redirects Entra’s AADSTS65001 consent_required for a user who has not consented, and no code', async () => {
    const form = t.authorizeParams();
    form.set('oid', alex.oid);
    const fragment = fragmentOf(await post(form));
    expectEntraErrorRedirect(fragment, 'consent_required', 65001);
    expect(fragment.get('error_description')).toContain(
      `AADSTS65001: The user or administrator has not consented to use the application with ID '${t.idp.clientId}' named 'Contoso Tasks'. Send an interactive authorization request for this user and resource.`,
    );
  });

  it('signs a personal account in on consumers and common, with the personal tenant in client_info', async () => {
    for (const tenant of ['consumers', 'common']) {
      const { fragment } = await t.authorize({ challenge: pkcePair().challenge, oid: pat.oid, tenant });
      expect(JSON.parse(Buffer.from(fragment.get('client_info')!, 'base64url').toString())).toEqual({
        uid: pat.oid,
        utid: personalTenantId,
      });
    }
  });

  it('refuses a personal account where work accounts only may sign in (AADSTS500200), as Entra', async () => {
    for (const tenant of ['organizations', t.idp.tenantId, t.idp.externalTenantId]) {
      const form = t.authorizeParams();
      form.set('oid', pat.oid);
      const fragment = fragmentOf(await post(form, tenant));
      expectEntraErrorRedirect(fragment, 'access_denied', 500200);
      expect(fragment.get('error_description')).toContain(
        "User account '{EmailHidden}' is a personal Microsoft account.",
      );
    }
  });

  it('refuses an account of another tenant (AADSTS50020): a workforce user at the External ID tenant, a customer on common', async () => {
    const diego = file.users.find((user) => user.kind === 'external-id')!;
    for (const [user, tenant] of [
      [adele, t.idp.externalTenantId],
      [diego, 'common'],
      [diego, t.idp.tenantId],
    ] as const) {
      const form = t.authorizeParams();
      form.set('oid', user.oid);
      const fragment = fragmentOf(await post(form, tenant));
      expectEntraErrorRedirect(fragment, 'access_denied', 50020);
      expect(fragment.get('error_description')).toContain(`does not exist in tenant '${tenant}'`);
    }
  });

  it('does not issue a code for an unknown user', async () => {
    const form = t.authorizeParams();
    form.set('oid', '99999999-9999-4999-8999-999999999999');
    const fragment = fragmentOf(await post(form));
    expectEntraErrorRedirect(fragment, 'invalid_request', 90014);
  });

  it('validates the posted parameters again: wrong client_id or redirect_uri gives an error page', async () => {
    for (const overrides of [{ client_id: otherClient }, { redirect_uri: 'https://evil.example/cb' }]) {
      const form = t.authorizeParams(overrides);
      form.set('oid', adele.oid);
      const response = await post(form);
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toMatch(/AADSTS(700016|50011):/);
    }
  });
});

describe('account picker page', () => {
  it('escapes user data and request parameters', async () => {
    const hostile = await createDevIdp({
      baseUrl: 'http://localhost:3000/dev-idp',
      redirectUris: [redirectUri],
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

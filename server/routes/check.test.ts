import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { otherTenantId, tenantId } from '../../test/support/entra-signer.ts';
import { setCookies } from '../../test/support/http.ts';
import { startTestApp, type TestApp, tempDatabasePath, useTestApp } from '../../test/support/test-app.ts';

// GET /auth/check, forward auth for a reverse proxy, through the real server: the user in headers or a 401/403.
const running = useTestApp({ SESSION_IDLE_TIMEOUT: '600', SESSION_MAX_AGE: '1800' });
afterEach(() => {
  vi.useRealTimers();
});

const userHeaderNames = [
  'x-auth-request-user',
  'x-auth-request-email',
  'x-auth-request-name',
  'x-auth-request-tenant',
  'x-auth-request-roles',
];

/** /auth/check as a proxy calls it: the browser's cookie, and whatever else `init` adds. */
function check(cookie: string | undefined, query = '', init: RequestInit & { headers?: Record<string, string> } = {}) {
  return fetch(`${running.app.url}/auth/check${query}`, {
    ...init,
    headers: { ...(cookie && { Cookie: cookie }), ...init.headers },
  });
}

async function signIn(claims = {}) {
  return (await running.app.signIn(claims)).sessionCookie!;
}

async function expectRefused(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('location')).toBeNull(); // never a redirect
  expect(response.headers.get('cache-control')).toBe('no-store');
  for (const name of userHeaderNames) expect(response.headers.get(name), name).toBeNull();
  expect(await response.json()).toMatchObject({ status: 'error', error: code });
}

describe('GET /auth/check', () => {
  it('answers 200 with an empty body and the user of the session in X-Auth-Request-* headers', async () => {
    const cookie = await signIn({ roles: ['Admin', 'Reader'] });
    const response = await check(cookie);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-auth-request-user')).toBe(running.signer.idTokenClaims().oid);
    expect(response.headers.get('x-auth-request-email')).toBe('test.user@example.test');
    expect(response.headers.get('x-auth-request-name')).toBe('Test%20User');
    expect(response.headers.get('x-auth-request-tenant')).toBe(tenantId);
    expect(response.headers.get('x-auth-request-roles')).toBe('Admin,Reader');
    // The same user /api/me names.
    const me = await (await fetch(`${running.app.url}/api/me`, { headers: { Cookie: cookie } })).json();
    expect(me.id).toBe(response.headers.get('x-auth-request-user'));
  });

  it('percent-encodes the display name as UTF-8, so any name survives a header', async () => {
    const name = 'Zoë Ångström 山田 😀, "quoted"\r\nX-Injected: yes';
    const response = await check(await signIn({ name }));
    expect(response.status).toBe(200);
    const header = response.headers.get('x-auth-request-name')!;
    expect(header).toMatch(/^[\x21-\x7E]*$/);
    expect(decodeURIComponent(header)).toBe(name);
    expect(response.headers.get('x-injected')).toBeNull();
  });

  it('answers an empty roles header for a user with no roles', async () => {
    const response = await check(await signIn());
    expect(response.status).toBe(200);
    expect(response.headers.get('x-auth-request-roles')).toBe('');
  });

  it('refuses no cookie, or a forged one, with 401 and the JSON error body, never a redirect', async () => {
    await expectRefused(await check(undefined), 401, 'session_missing');
    await expectRefused(await check('ms-session=not-a-session'), 401, 'session_invalid');
  });

  it('refuses a copy of the cookie after sign-out: 401 session_revoked, like /api/me', async () => {
    const cookie = await signIn();
    expect((await check(cookie)).status).toBe(200);
    const logout = await fetch(`${running.app.url}/auth/logout`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: running.app.url },
    });
    expect(logout.status).toBe(204);
    const response = await check(cookie);
    expect(setCookies(response).get('ms-session')?.header).toMatch(/Max-Age=0/);
    await expectRefused(response, 401, 'session_revoked');
  });

  it('with ?role=, answers 200 to a user with that role and 403 role_required to one without', async () => {
    const admin = await signIn({ roles: ['Admin'] });
    const reader = await signIn({ roles: ['Reader'] });
    expect((await check(admin, '?role=Admin')).status).toBe(200);
    await expectRefused(await check(reader, '?role=Admin'), 403, 'role_required');
    await expectRefused(await check(admin, '?role=admin'), 403, 'role_required'); // roles are exact
    await expectRefused(await check(admin, '?role='), 403, 'role_required'); // an unset proxy variable
    // Without a session, the 401 comes first.
    await expectRefused(await check(undefined, '?role=Admin'), 401, 'session_missing');
  });

  it('never echoes X-Auth-Request-* headers of the request: they come from the session only', async () => {
    const forged = {
      'X-Auth-Request-User': 'forged-user',
      'X-Auth-Request-Email': 'ceo@example.test',
      'X-Auth-Request-Roles': 'Admin',
      'X-Auth-Request-Tenant': 'forged-tenant',
    };
    await expectRefused(await check(undefined, '', { headers: forged }), 401, 'session_missing');
    const response = await check(await signIn(), '?role=Reader', { headers: forged });
    await expectRefused(response, 403, 'role_required');
    const allowed = await check(await signIn(), '', { headers: forged });
    expect(allowed.headers.get('x-auth-request-user')).toBe(running.signer.idTokenClaims().oid);
    expect(allowed.headers.get('x-auth-request-roles')).toBe('');
  });

  it('answers every method alike, with no Origin check: a check changes nothing (Envoy sends any method)', async () => {
    const cookie = await signIn({ roles: ['Admin'] });
    for (const method of ['HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const headers = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
      const allowed = await check(cookie, '', { method, headers });
      expect(allowed.status, method).toBe(200);
      expect(allowed.headers.get('x-auth-request-roles'), method).toBe('Admin');
      expect((await check(undefined, '', { method, headers })).status, method).toBe(401);
    }
  });

  it('renews the cookie of an active user past half its life, as /api/me does', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cookie = await signIn();
    vi.setSystemTime(Date.now() + 4 * 60_000); // under half of the 10-minute JWT: no new cookie
    expect(setCookies(await check(cookie)).has('ms-session')).toBe(false);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    const response = await check(cookie);
    expect(response.status).toBe(200);
    const renewed = setCookies(response).get('ms-session');
    expect(renewed?.header).toMatch(/HttpOnly/);
    expect((await check(`ms-session=${renewed!.value}`)).status).toBe(200);
  });
});

describe('GET /auth/check?role= in a multi-tenant app (roles are granted by each user’s own tenant)', () => {
  const admin = { roles: ['Admin'] };
  const ofTenant = (tid: string) => ({ tid, iss: running.signer.issuerOf(tid) });

  /** Starts an `organizations` app on the test's Entra stand-in, runs `test`, and stops it. */
  async function withMultiTenantApp(env: Record<string, string>, test: (app: TestApp) => Promise<void>) {
    const app = await startTestApp(running.signer, { ENTRA_TENANT_ID: 'organizations', ...env });
    try {
      await test(app);
    } finally {
      await app.close();
    }
  }
  const checkOn = (app: TestApp, cookie: string, query: string) =>
    fetch(`${app.url}/auth/check${query}`, { headers: { Cookie: cookie } });

  it('without ENTRA_ALLOWED_TENANTS, answers 403 to any ?role=, saying why, and 200 without one', async () => {
    await withMultiTenantApp({}, async (app) => {
      // An administrator of a tenant of their own, who gave themselves the app role Admin there.
      const cookie = (await app.signIn({ ...admin, ...ofTenant(otherTenantId) })).sessionCookie!;
      const refused = await checkOn(app, cookie, '?role=Admin');
      await expectRefused(refused.clone(), 403, 'role_required');
      expect((await refused.json()).message).toMatch(/ENTRA_ALLOWED_TENANTS/);
      const allowed = await checkOn(app, cookie, '');
      expect(allowed.status).toBe(200);
      // The roles still travel, beside the tenant that granted them (docs/deployment.md).
      expect(allowed.headers.get('x-auth-request-roles')).toBe('Admin');
      expect(allowed.headers.get('x-auth-request-tenant')).toBe(otherTenantId);
    });
  });

  it('with ENTRA_ALLOWED_TENANTS, lets the roles of listed tenants open ?role=, and no other tenant’s', async () => {
    const databasePath = tempDatabasePath();
    // A session of a tenant signed in while the list was empty, then the operator lists the tenants.
    let unlisted = '';
    await withMultiTenantApp({ DATABASE_PATH: databasePath }, async (app) => {
      unlisted = (await app.signIn({ ...admin, ...ofTenant(otherTenantId) })).sessionCookie!;
    });
    await withMultiTenantApp({ DATABASE_PATH: databasePath, ENTRA_ALLOWED_TENANTS: tenantId }, async (app) => {
      const listed = (await app.signIn({ ...admin, ...ofTenant(tenantId) })).sessionCookie!;
      expect((await checkOn(app, listed, '?role=Admin')).status).toBe(200);
      await expectRefused(await checkOn(app, listed, '?role=Reader'), 403, 'role_required');
      const refused = await checkOn(app, unlisted, '?role=Admin');
      await expectRefused(refused.clone(), 403, 'role_required');
      expect((await refused.json()).message).toMatch(/ENTRA_ALLOWED_TENANTS does not list/);
    });
    rmSync(dirname(databasePath), { recursive: true, force: true });
  });
});

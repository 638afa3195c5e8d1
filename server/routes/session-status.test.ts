import { describe, expect, it } from 'vitest';
import { tenantId } from '../../test/support/entra-signer.ts';
import { setCookies } from '../../test/support/http.ts';
import { useTestApp } from '../../test/support/test-app.ts';

// GET /auth/session through the real server: the user or null, always 200, never cached.
const running = useTestApp();

const status = (cookie?: string) =>
  fetch(`${running.app.url}/auth/session`, { headers: cookie ? { Cookie: cookie } : {} });

async function expectNobody(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toBeNull();
}

describe('GET /auth/session', () => {
  it('answers 200 with the user of the session, the fields of /api/me, not cached', async () => {
    const cookie = (await running.app.signIn({ roles: ['Reader'] })).sessionCookie!;
    const response = await status(cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const user = await response.json();
    expect(user).toEqual({
      id: running.signer.idTokenClaims().oid,
      name: 'Test User',
      email: 'test.user@example.test',
      tenantId,
      roles: ['Reader'],
    });
    const me = await fetch(`${running.app.url}/api/me`, { headers: { Cookie: cookie } });
    expect(await me.json()).toEqual(user);
  });

  it('answers 200 null without a cookie, and for a forged one (clearing it)', async () => {
    await expectNobody(await status());
    const forged = await status('ms-session=not-a-session');
    expect(setCookies(forged).get('ms-session')?.header).toMatch(/Max-Age=0/);
    await expectNobody(forged);
  });

  it('answers 200 null for a copy of the cookie after sign-out: the session record is checked, not only the JWT', async () => {
    const cookie = (await running.app.signIn()).sessionCookie!;
    const logout = await fetch(`${running.app.url}/auth/logout`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: running.app.url },
    });
    expect(logout.status).toBe(204);
    await expectNobody(await status(cookie));
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await (await fetch(`${running.app.url}/openapi.json`)).json()) as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(document.paths['/auth/session']?.get?.responses ?? {})).toEqual(['200', '503']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { type EntraSigner, otherTenantId, startEntraSigner, tenantId } from '../../test/support/entra-signer.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';

// GET /api/admin/tasks: the ADMIN_ROLE gate, and counts limited to the admin's own tenant.
const adele = { oid: '33333333-3333-4333-8333-333333333333', name: 'Adele', email: 'adele@example.test' };
const megan = {
  oid: '44444444-4444-4444-8444-444444444444',
  name: 'Megan',
  email: 'megan@example.test',
  roles: ['Admin'],
};
let signer: EntraSigner;
let app: TestApp;
let call: ReturnType<typeof apiClient>;
beforeAll(async () => {
  signer = await startEntraSigner();
  app = await startTestApp(signer, { ENTRA_TENANT_ID: 'organizations' });
  call = apiClient(app.url);
});
afterAll(async () => {
  await app.close();
  await signer.close();
});

describe('GET /api/admin/tasks', () => {
  it('counts tasks per user of the admin’s tenant, for a session with the Admin role', async () => {
    const adeleCookie = (await app.signIn(adele)).sessionCookie!;
    const meganCookie = (await app.signIn(megan)).sessionCookie!;
    const first = (await call('POST', '/api/tasks', { cookie: adeleCookie, json: { title: 'one' } })).body;
    await call('POST', '/api/tasks', { cookie: adeleCookie, json: { title: 'two' } });
    await call('PATCH', `/api/tasks/${first.id}`, { cookie: adeleCookie, json: { completed: true } });
    await call('POST', '/api/tasks', { cookie: meganCookie, json: { title: 'three' } });
    const stranger = { ...adele, tid: otherTenantId, iss: `${signer.authority}/${otherTenantId}/v2.0` };
    await call('POST', '/api/tasks', {
      cookie: (await app.signIn(stranger)).sessionCookie!,
      json: { title: 'elsewhere' },
    });

    const result = await call('GET', '/api/admin/tasks', { cookie: meganCookie });
    expect(result.status).toBe(200);
    expect(result.body).toEqual([
      { tenantId, userId: adele.oid, name: 'Adele', email: 'adele@example.test', total: 2, completed: 1 },
      { tenantId, userId: megan.oid, name: 'Megan', email: 'megan@example.test', total: 1, completed: 0 },
    ]);
  });

  it('lists the admin and any user who opened the task list with 0 tasks, not only users with tasks', async () => {
    const fresh = await startTestApp(signer, { ENTRA_TENANT_ID: 'organizations' });
    try {
      const client = apiClient(fresh.url);
      const meganCookie = (await fresh.signIn(megan)).sessionCookie!;
      await client('GET', '/api/tasks', { cookie: meganCookie }); // what the demo page does on load
      const result = await client('GET', '/api/admin/tasks', { cookie: meganCookie });
      expect(result.body).toEqual([
        { tenantId, userId: megan.oid, name: 'Megan', email: 'megan@example.test', total: 0, completed: 0 },
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('answers 403 role_required to a session without the role, and 401 to nobody', async () => {
    const result = await call('GET', '/api/admin/tasks', { cookie: (await app.signIn(adele)).sessionCookie! });
    expect(result).toMatchObject({ status: 403, body: { status: 'error', error: 'role_required' } });
    expect(result.headers.get('www-authenticate')).toBeNull();
    expect((await call('GET', '/api/admin/tasks')).status).toBe(401);
  });

  it('opens to a bearer token with the role (delegated or app-only), not to one without', async () => {
    expect(
      (await call('GET', '/api/admin/tasks', { authorization: await app.bearer({ roles: ['Admin'] }) })).status,
    ).toBe(200);
    expect(
      (await call('GET', '/api/admin/tasks', { authorization: await app.bearer({ roles: ['Admin'], scp: undefined }) }))
        .status,
    ).toBe(200);
    expect(
      (await call('GET', '/api/admin/tasks', { authorization: await app.bearer({ roles: ['admin'] }) })).status,
    ).toBe(403);
    expect((await call('GET', '/api/admin/tasks', { authorization: await app.bearer() })).status).toBe(403);
  });
});

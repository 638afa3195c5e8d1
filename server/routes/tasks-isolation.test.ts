import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { type EntraSigner, otherTenantId, startEntraSigner } from '../../test/support/entra-signer.ts';
import { startTestApp, tempDatabasePath, type TestApp } from '../../test/support/test-app.ts';

// Users are (tid, oid), never an e-mail (SECURITY.md C7); tasks outlive the server; parallel writers never mix.
const sameEmail = { email: 'shared@example.test', preferred_username: 'shared@example.test' };
const alice = { oid: '11111111-1111-4111-8111-111111111111', name: 'Alice', ...sameEmail };
const mallory = { oid: '22222222-2222-4222-8222-222222222222', name: 'Mallory', ...sameEmail };
let signer: EntraSigner;
beforeAll(async () => {
  signer = await startEntraSigner();
});
afterAll(() => signer.close());

async function withApp(
  env: Record<string, string>,
  run: (app: TestApp, call: ReturnType<typeof apiClient>) => Promise<void>,
) {
  const app = await startTestApp(signer, env);
  try {
    await run(app, apiClient(app.url));
  } finally {
    await app.close();
  }
}

describe('isolation between users', () => {
  it('keeps two users with the same e-mail but different oids apart; another’s task is a 404', async () => {
    await withApp({}, async (app, call) => {
      const aliceCookie = (await app.signIn(alice)).sessionCookie!;
      const malloryCookie = (await app.signIn(mallory)).sessionCookie!;
      const task = (await call('POST', '/api/tasks', { cookie: aliceCookie, json: { title: 'Alice’s secret' } })).body;

      expect((await call('GET', '/api/tasks', { cookie: malloryCookie })).body).toEqual([]);
      const patch = await call('PATCH', `/api/tasks/${task.id}`, { cookie: malloryCookie, json: { title: 'pwned' } });
      expect(patch).toMatchObject({ status: 404, body: { error: 'task_not_found' } });
      expect((await call('DELETE', `/api/tasks/${task.id}`, { cookie: malloryCookie })).status).toBe(404);
      // The same answer as for an id that does not exist at all: nothing tells Mallory the task is there.
      const missing = await call('DELETE', '/api/tasks/987654321', { cookie: malloryCookie });
      expect(missing.body).toEqual((await call('DELETE', `/api/tasks/${task.id}`, { cookie: malloryCookie })).body);

      expect((await call('GET', '/api/tasks', { cookie: aliceCookie })).body).toEqual([task]);
    });
  });

  it('keeps the same oid in two tenants apart (multi-tenant)', async () => {
    await withApp({ ENTRA_TENANT_ID: 'organizations' }, async (app, call) => {
      const home = (await app.signIn(alice)).sessionCookie!;
      const other = (
        await app.signIn({ ...alice, tid: otherTenantId, iss: `${signer.authority}/${otherTenantId}/v2.0` })
      ).sessionCookie!;
      await call('POST', '/api/tasks', { cookie: home, json: { title: 'home tenant' } });
      expect((await call('GET', '/api/tasks', { cookie: other })).body).toEqual([]);
    });
  });

  it('gives the same tasks to a user’s session and bearer token, and v1 and v2 tokens', async () => {
    await withApp({}, async (app, call) => {
      const cookie = (await app.signIn(alice)).sessionCookie!;
      await call('POST', '/api/tasks', { cookie, json: { title: 'mine' } });
      for (const version of ['2.0', '1.0'] as const) {
        const authorization = await app.bearer({ oid: alice.oid }, version);
        expect((await call('GET', '/api/tasks', { authorization })).body).toMatchObject([{ title: 'mine' }]);
      }
    });
  });

  it('never mixes the writes of two users sending 25 tasks each in parallel', async () => {
    await withApp({}, async (app, call) => {
      const users = [alice, mallory];
      const cookies = await Promise.all(users.map(async (user) => (await app.signIn(user)).sessionCookie!));
      const writes = cookies.flatMap((cookie, who) =>
        Array.from({ length: 25 }, (_, i) =>
          call('POST', '/api/tasks', { cookie, json: { title: `${users[who]!.name} ${i}` } }),
        ),
      );
      expect((await Promise.all(writes)).every((result) => result.status === 201)).toBe(true);
      for (const [who, cookie] of cookies.entries()) {
        const titles = (await call('GET', '/api/tasks', { cookie })).body.map((task: { title: string }) => task.title);
        expect(titles).toHaveLength(25);
        expect(titles.every((title: string) => title.startsWith(users[who]!.name))).toBe(true);
      }
    });
  });
});

describe('persistence', () => {
  it('keeps tasks across a restart on the same database file', async () => {
    const DATABASE_PATH = tempDatabasePath();
    let created: unknown;
    await withApp({ DATABASE_PATH }, async (app, call) => {
      const cookie = (await app.signIn(alice)).sessionCookie!;
      created = (await call('POST', '/api/tasks', { cookie, json: { title: 'survives' } })).body;
      await call('PATCH', `/api/tasks/${(created as { id: number }).id}`, { cookie, json: { completed: true } });
    });
    await withApp({ DATABASE_PATH }, async (app, call) => {
      const cookie = (await app.signIn(alice)).sessionCookie!;
      expect((await call('GET', '/api/tasks', { cookie })).body).toEqual([{ ...(created as object), completed: true }]);
    });
  });
});

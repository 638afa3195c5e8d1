import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { type EntraSigner, startEntraSigner } from '../../test/support/entra-signer.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';

// TASK_QUOTA through the real server: the POST past it is a 409 that writes nothing; a deletion frees a place.
let signer: EntraSigner;
let app: TestApp;
let call: ReturnType<typeof apiClient>;
beforeAll(async () => {
  signer = await startEntraSigner();
  app = await startTestApp(signer, { TASK_QUOTA: '3' });
  call = apiClient(app.url);
});
afterAll(async () => {
  await app.close();
  await signer.close();
});

const quotaReached = {
  status: 'error',
  error: 'task_quota_reached',
  message: 'You have reached the limit of 3 tasks. Delete some to add more.',
};

let users = 0;
/** Signs in a new user, with no tasks yet; returns a `post(title)` and a `list()` as that user. */
async function newUser() {
  users += 1;
  const oid = `00000000-0000-4000-8000-${String(users).padStart(12, '0')}`;
  const cookie = (await app.signIn({ oid })).sessionCookie!;
  return {
    cookie,
    post: (title: string) => call('POST', '/api/tasks', { cookie, json: { title } }),
    list: async () => (await call('GET', '/api/tasks', { cookie })).body as { id: number; title: string }[],
  };
}

describe('POST /api/tasks with TASK_QUOTA=3', () => {
  it('adds three tasks, then answers 409 task_quota_reached and writes nothing', async () => {
    const user = await newUser();
    for (const title of ['one', 'two', 'three']) expect((await user.post(title)).status).toBe(201);
    const refused = await user.post('four');
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual(quotaReached);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect((await user.list()).map((task) => task.title)).toEqual(['one', 'two', 'three']);
  });

  it('counts per user: another user still has all three places', async () => {
    const full = await newUser();
    for (const title of ['a', 'b', 'c']) await full.post(title);
    const other = await newUser();
    for (const title of ['x', 'y', 'z']) expect((await other.post(title)).status).toBe(201);
    expect((await full.post('d')).status).toBe(409);
  });

  it('lets a user at the quota change tasks, and add one again after deleting one', async () => {
    const user = await newUser();
    const ids: number[] = [];
    for (const title of ['one', 'two', 'three']) ids.push((await user.post(title)).body.id);
    const patched = await call('PATCH', `/api/tasks/${ids[0]}`, { cookie: user.cookie, json: { completed: true } });
    expect(patched.status).toBe(200);

    expect((await call('DELETE', `/api/tasks/${ids[1]}`, { cookie: user.cookie })).status).toBe(204);
    expect((await user.post('four')).status).toBe(201);
    expect((await user.post('five')).body).toEqual(quotaReached);
    expect((await user.list()).map((task) => task.title)).toEqual(['one', 'three', 'four']);
  });

  it('never lets concurrent POSTs exceed it', async () => {
    const user = await newUser();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => user.post(`parallel ${i}`)));
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([...Array(3).fill(201), ...Array(9).fill(409)]);
    expect(await user.list()).toHaveLength(3);
  });

  it('validates the body before counting: an invalid title at the quota is a 400, not a 409', async () => {
    const user = await newUser();
    for (const title of ['one', 'two', 'three']) await user.post(title);
    expect((await user.post('')).body.error).toBe('invalid_body');
    expect((await user.post('\ud83d')).body.error).toBe('invalid_body');
    expect((await user.post('valid')).body.error).toBe('task_quota_reached');
  });
});

describe('the OpenAPI document', () => {
  it('lists the 409 of POST /api/tasks with the quota', async () => {
    const document = await (await fetch(`${app.url}/openapi.json`)).json();
    const conflict = document.paths['/api/tasks'].post.responses['409'];
    expect(conflict.description).toMatch(/3 tasks.*task_quota_reached/);
    expect(conflict.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type CallResult } from '../../test/support/api-client.ts';
import { type EntraSigner, startEntraSigner } from '../../test/support/entra-signer.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';

// GET /api/tasks in pages through the real server: `limit`, `after`, and the `Link` header to the next page.
const siblingOrigin = 'https://www.example.test';
let signer: EntraSigner;
let app: TestApp;
let call: ReturnType<typeof apiClient>;
beforeAll(async () => {
  signer = await startEntraSigner();
  app = await startTestApp(signer, { ALLOWED_ORIGINS: siblingOrigin });
  call = apiClient(app.url);
});
afterAll(async () => {
  await app.close();
  await signer.close();
});

type Task = { id: number; title: string; completed: boolean };

let users = 0;
/** Signs in a new user (their own oid) who has `count` tasks; returns the cookie and the tasks, oldest first. */
async function userWithTasks(count: number) {
  users += 1;
  const oid = `00000000-0000-4000-8000-${String(users).padStart(12, '0')}`;
  const cookie = (await app.signIn({ oid })).sessionCookie!;
  const tasks: Task[] = [];
  for (let i = 0; i < count; i++)
    tasks.push((await call('POST', '/api/tasks', { cookie, json: { title: `#${i}` } })).body);
  return { oid, cookie, tasks };
}

/** The target of a `Link: <…>; rel="next"` header, or undefined when there is none. */
function nextPage(result: CallResult): string | undefined {
  const link = result.headers.get('link');
  if (link === null) return undefined;
  const match = /^<([^>]+)>; rel="next"$/.exec(link);
  expect(match, link).not.toBeNull();
  return match![1];
}

/** Follows `Link` from `path` until a page comes without one; every page's tasks, in order. */
async function followPages(cookie: string, path: string): Promise<Task[][]> {
  const pages: Task[][] = [];
  for (let next: string | undefined = path; next !== undefined;) {
    const result = await call('GET', next, { cookie });
    expect(result.status, next).toBe(200);
    expect(Array.isArray(result.body)).toBe(true);
    pages.push(result.body);
    next = nextPage(result);
    expect(pages.length).toBeLessThan(1000); // a Link that leads back would loop forever
  }
  return pages;
}

describe('GET /api/tasks in pages', () => {
  let cookie: string;
  let tasks: Task[];
  beforeAll(async () => {
    ({ cookie, tasks } = await userWithTasks(250));
  });

  it('answers the first 100 tasks when no limit is asked for, and links to the next page', async () => {
    const first = await call('GET', '/api/tasks', { cookie });
    expect(first.body).toEqual(tasks.slice(0, 100));
    expect(first.headers.get('link')).toBe(`</api/tasks?limit=100&after=${tasks[99]!.id}>; rel="next"`);
  });

  it('reaches every task exactly once, oldest first, by following Link; the last page has none', async () => {
    for (const [path, sizes] of [
      ['/api/tasks', [100, 100, 50]],
      ['/api/tasks?limit=7', [...Array(35).fill(7), 5]],
      ['/api/tasks?limit=125', [125, 125]], // a full last page: no Link to an empty one
      ['/api/tasks?limit=250', [250]],
      ['/api/tasks?limit=500', [250]],
    ] as const) {
      const pages = await followPages(cookie, path);
      expect(
        pages.map((page) => page.length),
        path,
      ).toEqual(sizes);
      expect(pages.flat(), path).toEqual(tasks);
    }
  });

  it('starts after the id given in `after`, which need not be one of the caller’s tasks', async () => {
    expect((await call('GET', `/api/tasks?after=${tasks[199]!.id}`, { cookie })).body).toEqual(tasks.slice(200));
    expect((await call('GET', `/api/tasks?limit=2&after=${tasks[9]!.id}`, { cookie })).body).toEqual(
      tasks.slice(10, 12),
    );
    const last = await call('GET', `/api/tasks?after=${tasks.at(-1)!.id}`, { cookie });
    expect(last).toMatchObject({ status: 200, body: [] });
    expect(last.headers.get('link')).toBeNull();
    expect((await call('GET', '/api/tasks?after=999999999999999', { cookie })).body).toEqual([]);
  });

  it('neither skips nor repeats a task when tasks are deleted and added between pages', async () => {
    const { cookie: own, tasks: mine } = await userWithTasks(12);
    const first = await call('GET', '/api/tasks?limit=5', { cookie: own });
    expect(first.body).toEqual(mine.slice(0, 5));
    // An OFFSET would now start one task late: the sixth task would be skipped.
    await call('DELETE', `/api/tasks/${mine[0]!.id}`, { cookie: own });
    const added = (await call('POST', '/api/tasks', { cookie: own, json: { title: 'added meanwhile' } })).body;
    const rest = (await followPages(own, nextPage(first)!)).flat();
    expect(rest).toEqual([...mine.slice(5), added]);
  });

  it('shows only the caller’s tasks on every page', async () => {
    const { cookie: other, tasks: theirs } = await userWithTasks(3);
    expect((await followPages(other, '/api/tasks?limit=2')).flat()).toEqual(theirs);
    expect((await call('GET', `/api/tasks?after=${tasks[0]!.id}`, { cookie: other })).body).toEqual(theirs);
  });

  it('lets ALLOWED_ORIGINS read the Link header (CORS)', async () => {
    const result = await call('GET', '/api/tasks', { cookie, origin: siblingOrigin });
    expect(result.headers.get('access-control-allow-origin')).toBe(siblingOrigin);
    expect(result.headers.get('access-control-expose-headers')?.split(/,\s*/)).toContain('Link');
    expect(nextPage(result)).toBeDefined();
  });

  it('pages the same for a bearer token', async () => {
    const { oid, tasks: mine } = await userWithTasks(3);
    const authorization = await app.bearer({ oid });
    const first = await call('GET', '/api/tasks?limit=2', { authorization });
    expect(first.body).toEqual(mine.slice(0, 2));
    expect((await call('GET', nextPage(first)!, { authorization })).body).toEqual(mine.slice(2));
  });
});

describe('GET /api/tasks with a bad limit or after', () => {
  it('answers 400 invalid_query, naming the parameter, for anything but a whole number in range', async () => {
    const { cookie } = await userWithTasks(0);
    for (const limit of ['0', '501', '1000', '-1', '1.5', '1e2', '0x10', '05', '', '%205', 'ten', '9'.repeat(30)]) {
      const result = await call('GET', `/api/tasks?limit=${limit}`, { cookie });
      expect(result.status, `limit=${limit}`).toBe(400);
      expect(result.body).toEqual({
        status: 'error',
        error: 'invalid_query',
        message: 'limit must be a whole number from 1 to 500.',
      });
    }
    for (const after of ['0', '-1', '1.5', '1e3', 'abc', '', '9'.repeat(16)]) {
      const result = await call('GET', `/api/tasks?after=${after}`, { cookie });
      expect(result.status, `after=${after}`).toBe(400);
      expect(result.body).toMatchObject({ error: 'invalid_query', message: expect.stringMatching(/^after /) });
    }
    const twice = await call('GET', '/api/tasks?limit=5&limit=6', { cookie });
    expect(twice).toMatchObject({
      status: 400,
      body: { error: 'invalid_query', message: expect.stringMatching(/^limit/) },
    });
  });

  it('accepts the bounds, 1 and 500', async () => {
    const { cookie } = await userWithTasks(2);
    expect((await call('GET', '/api/tasks?limit=1', { cookie })).body).toHaveLength(1);
    expect((await call('GET', '/api/tasks?limit=500', { cookie })).body).toHaveLength(2);
  });
});

describe('following Link, property', () => {
  it('from any start and with any limit, yields exactly the later tasks, in order, in full pages', async () => {
    const { cookie, tasks: all } = await userWithTasks(40);
    // Gaps in the ids, as deletions leave them.
    for (const task of all.filter((_, i) => i % 3 === 1)) await call('DELETE', `/api/tasks/${task.id}`, { cookie });
    const tasks = all.filter((_, i) => i % 3 !== 1);
    const lastId = tasks.at(-1)!.id;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: lastId + 2 })),
        async (limit, after) => {
          const pages = await followPages(cookie, `/api/tasks?limit=${limit}${after ? `&after=${after}` : ''}`);
          const expected = tasks.filter((task) => task.id > (after ?? 0));
          expect(pages.flat()).toEqual(expected);
          expect(pages.length).toBe(Math.max(1, Math.ceil(expected.length / limit)));
          expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

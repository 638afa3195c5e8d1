import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { type EntraSigner, startEntraSigner } from '../../test/support/entra-signer.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';

// /api/tasks through the real server: the shapes of README.md's HTTP API, validation and ids.
let signer: EntraSigner;
let app: TestApp;
let call: ReturnType<typeof apiClient>;
let cookie: string;
beforeAll(async () => {
  signer = await startEntraSigner();
  app = await startTestApp(signer);
  call = apiClient(app.url);
  cookie = (await app.signIn()).sessionCookie!;
});
afterAll(async () => {
  await app.close();
  await signer.close();
});

const addTask = async (title: string) => (await call('POST', '/api/tasks', { cookie, json: { title } })).body;

describe('/api/tasks with the session cookie', () => {
  it('adds, lists, changes and deletes a task', async () => {
    const created = await call('POST', '/api/tasks', { cookie, json: { title: '  Buy milk  ' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), title: 'Buy milk', completed: false });
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { id } = created.body;

    expect((await call('GET', '/api/tasks', { cookie })).body).toContainEqual(created.body);
    const done = await call('PATCH', `/api/tasks/${id}`, { cookie, json: { completed: true } });
    expect(done).toMatchObject({ status: 200, body: { id, title: 'Buy milk', completed: true } });
    const renamed = await call('PATCH', `/api/tasks/${id}`, { cookie, json: { title: 'Buy oat milk' } });
    expect(renamed.body).toEqual({ id, title: 'Buy oat milk', completed: true });

    const deleted = await call('DELETE', `/api/tasks/${id}`, { cookie });
    expect(deleted.status).toBe(204);
    expect((await call('GET', '/api/tasks', { cookie })).body).not.toContainEqual(expect.objectContaining({ id }));
    expect((await call('DELETE', `/api/tasks/${id}`, { cookie })).status).toBe(404);
  });

  it('lists tasks oldest first', async () => {
    const first = await addTask('first');
    const second = await addTask('second');
    const ids = (await call('GET', '/api/tasks', { cookie })).body.map((task: { id: number }) => task.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
  });

  it('requires a session or a token: 401 without either', async () => {
    for (const [method, path] of [
      ['GET', '/api/tasks'],
      ['POST', '/api/tasks'],
      ['PATCH', '/api/tasks/1'],
      ['DELETE', '/api/tasks/1'],
    ] as const) {
      const result = await call(method, path, {
        json: method === 'POST' || method === 'PATCH' ? { title: 'x' } : undefined,
      });
      expect(result.status).toBe(401);
      expect(result.body.error).toBe('session_missing');
    }
  });
});

describe('validation (400 with a stable code and the field named)', () => {
  const post = (json: unknown) => call('POST', '/api/tasks', { cookie, json });

  it('accepts a title of 200 characters and refuses 201, empty or blank ones', async () => {
    expect((await post({ title: 'x'.repeat(200) })).status).toBe(201);
    for (const title of ['x'.repeat(201), '', '   ']) {
      const result = await post({ title });
      expect(result.status).toBe(400);
      expect(result.body.error).toBe('invalid_body');
      expect(result.body.message).toMatch(/^title /);
    }
  });

  it('refuses control characters in a title', async () => {
    expect((await post({ title: 'line\nbreak' })).body).toMatchObject({
      error: 'invalid_body',
      message: expect.stringMatching(/control/),
    });
  });

  it('refuses a lone surrogate in a title, in POST and PATCH, and changes nothing', async () => {
    const { id } = await addTask('unchanged');
    const refusal = { status: 'error', error: 'invalid_body', message: 'title must be valid Unicode text.' };
    // JSON.stringify sends each as an escape ("\ud83d"): valid JSON, but not text SQLite could keep.
    for (const title of ['half an emoji \ud83d', '\udc4d', 'swapped \ude00\ud83d', '\ud83d\ud83d']) {
      const posted = await post({ title });
      expect(posted.status, JSON.stringify(title)).toBe(400);
      expect(posted.body).toEqual(refusal);
      const patched = await call('PATCH', `/api/tasks/${id}`, { cookie, json: { title } });
      expect(patched.status, JSON.stringify(title)).toBe(400);
      expect(patched.body).toEqual(refusal);
    }
    const titles = (await call('GET', '/api/tasks?limit=500', { cookie })).body.map(
      (task: { title: string }) => task.title,
    );
    expect(titles).toContain('unchanged');
    expect(titles.filter((title: string) => title.includes('\ufffd'))).toEqual([]);
  });

  it('keeps emoji and other characters beyond U+FFFF exactly as sent', async () => {
    for (const title of ['Ship it 🚀', '👩🏽‍💻 review 𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '🇪🇺 '.repeat(40).trim()]) {
      const created = await post({ title });
      expect(created.status, title).toBe(201);
      expect(created.body.title).toBe(title);
      const renamed = await call('PATCH', `/api/tasks/${created.body.id}`, { cookie, json: { title: `${title}!` } });
      expect(renamed.body.title).toBe(`${title}!`);
      const listed = (await call('GET', '/api/tasks?limit=500', { cookie })).body;
      expect(listed).toContainEqual({ id: created.body.id, title: `${title}!`, completed: false });
    }
  });

  it('refuses wrong types, a missing title, unknown fields and non-object bodies', async () => {
    for (const [json, message] of [
      [{ title: 42 }, /title must be a string/],
      [{ title: null }, /title must be a string/],
      [{}, /title/],
      [{ title: 'ok', owner: 'someone-else' }, /Unknown field "owner"/],
      [{ title: 'ok', completed: true }, /Unknown field "completed"/],
      [[], /JSON object/],
      ['title', /JSON object/],
      [null, /JSON object/],
    ] as const) {
      const result = await post(json);
      expect(result.status, JSON.stringify(json)).toBe(400);
      expect(result.body).toMatchObject({
        status: 'error',
        error: 'invalid_body',
        message: expect.stringMatching(message),
      });
    }
  });

  it('refuses bodies that are not JSON (400), not declared as JSON (415), or too large (413)', async () => {
    expect(
      (await call('POST', '/api/tasks', { cookie, body: '{"title":', headers: { 'Content-Type': 'application/json' } }))
        .body.error,
    ).toBe('invalid_body');
    for (const type of [
      'text/plain',
      'TEXT/PLAIN; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const result = await call('POST', '/api/tasks', {
        cookie,
        body: '{"title":"x"}',
        headers: { 'Content-Type': type },
      });
      expect(result.status, type).toBe(415);
    }
    expect((await call('POST', '/api/tasks', { cookie, body: '{"title":"x"}' })).status).toBe(415); // fetch sends text/plain
    const large = await call('POST', '/api/tasks', { cookie, json: { title: 'x'.repeat(10_000) } });
    expect(large).toMatchObject({ status: 413, body: { error: 'body_too_large' } });
  });

  it('refuses a PATCH without any change, or with a wrong type', async () => {
    const { id } = await addTask('patch me');
    expect((await call('PATCH', `/api/tasks/${id}`, { cookie, json: {} })).body).toMatchObject({
      error: 'invalid_body',
      message: 'Send title, completed, or both.',
    });
    expect((await call('PATCH', `/api/tasks/${id}`, { cookie, json: { completed: 'yes' } })).body.message).toMatch(
      /^completed must be true or false/,
    );
    expect((await call('PATCH', `/api/tasks/${id}`, { cookie, json: { id: 7 } })).body.message).toMatch(
      /Unknown field "id"/,
    );
  });

  it('answers 400 for ids that are not positive whole numbers, 404 for unknown ones, never 500', async () => {
    for (const id of ['abc', '1.5', '-1', '0', '1e3', '0x10', '%20', '01', '9'.repeat(30), "1'%20OR%201=1"]) {
      for (const method of ['PATCH', 'DELETE'] as const) {
        const result = await call(method, `/api/tasks/${id}`, {
          cookie,
          json: method === 'PATCH' ? { completed: true } : undefined,
        });
        expect(result.status, `${method} ${id}`).toBe(400);
        expect(result.body.error).toBe('invalid_parameter');
      }
    }
    expect((await call('PATCH', '/api/tasks/999999999', { cookie, json: { completed: true } })).body.error).toBe(
      'task_not_found',
    );
  });
});

describe('methods (X7)', () => {
  it('ignores _method and X-HTTP-Method-Override: a GET never changes anything', async () => {
    const { id } = await addTask('keep me');
    await call('GET', `/api/tasks/${id}?_method=DELETE`, { cookie, headers: { 'X-HTTP-Method-Override': 'DELETE' } });
    await call('GET', `/api/tasks?_method=DELETE`, { cookie, headers: { 'X-HTTP-Method-Override': 'DELETE' } });
    const overridden = await call('POST', `/api/tasks/${id}?_method=DELETE`, {
      cookie,
      json: {},
      headers: { 'X-HTTP-Method-Override': 'DELETE' },
    });
    expect(overridden.status).toBe(404);
    expect((await call('GET', '/api/tasks', { cookie })).body).toContainEqual({
      id,
      title: 'keep me',
      completed: false,
    });
  });
});

describe('the API scope the task routes need (requireScope)', () => {
  it('lets a session through (it carries the API scope implicitly) and keeps an app-only token out', async () => {
    expect((await call('GET', '/api/tasks', { cookie })).status).toBe(200);
    const appOnly = await call('GET', '/api/tasks', {
      authorization: await app.bearer({ roles: ['Admin'], scp: undefined }),
    });
    expect(appOnly).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    expect(appOnly.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="access_as_user"');
  });
});

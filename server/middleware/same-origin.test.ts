import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { useTestApp } from '../../test/support/test-app.ts';

// requireSameOrigin() on /api (SECURITY.md X1–X4, X7): cookie mutations need an allowed origin, bearer ones do not.
const sibling = 'https://www.example.test';
const running = useTestApp({ ALLOWED_ORIGINS: sibling });
let call: ReturnType<typeof apiClient>;
let cookie: string;
let taskId: number;
beforeAll(async () => {
  call = apiClient(running.app.url);
  cookie = (await running.app.signIn()).sessionCookie!;
});
beforeEach(async () => {
  running.app.database.exec('DELETE FROM tasks');
  taskId = (await call('POST', '/api/tasks', { cookie, json: { title: 'original' } })).body.id;
});

/** The tasks table as it is on disk, to prove a refused request changed nothing. */
const rows = () => running.app.database.prepare('SELECT id, title, completed FROM tasks ORDER BY id').all();

/** POST, PATCH and DELETE of the session's user, all with `options`; each must answer `status`. */
async function everyMutation(status: number, options: Parameters<typeof call>[2]) {
  const before = rows();
  const results = [
    await call('POST', '/api/tasks', { json: { title: 'forged' }, ...options }),
    await call('PATCH', `/api/tasks/${taskId}`, { json: { title: 'forged' }, ...options }),
    await call('DELETE', `/api/tasks/${taskId}`, options),
  ];
  for (const result of results) expect(result.status).toBe(status);
  if (status >= 400) expect(rows()).toEqual(before);
  return results;
}

describe('cookie-authenticated mutations', () => {
  it('are refused from a foreign origin, and nothing changes (X1)', async () => {
    const [result] = await everyMutation(403, { cookie, origin: 'https://evil.example' });
    expect(result!.body.error).toBe('origin_not_allowed');
    await everyMutation(403, { cookie, origin: 'https://evil.example', headers: { 'Sec-Fetch-Site': 'cross-site' } });
  });

  it('are refused with Origin null, look-alike origins, another scheme or port (X2)', async () => {
    for (const origin of [
      'null',
      `${sibling}.evil.com`,
      'http://www.example.test',
      'https://www.example.test:8443',
      running.app.url.replace('127.0.0.1', 'localhost'),
    ]) {
      await everyMutation(403, { cookie, origin });
    }
  });

  it('are refused with no Origin, Referer or Sec-Fetch-Site at all (X2)', async () => {
    await everyMutation(403, { cookie, origin: null });
  });

  it('are refused from a sibling subdomain that is not in ALLOWED_ORIGINS (X3)', async () => {
    await everyMutation(403, {
      cookie,
      origin: 'https://running.app.example.test',
      headers: { 'Sec-Fetch-Site': 'same-site' },
    });
  });

  it('are refused when the cookie comes with a malformed or invalid bearer token', async () => {
    await everyMutation(401, { cookie, origin: 'https://evil.example', authorization: 'Bearer forged.token.value' });
    await everyMutation(401, { cookie, origin: 'https://evil.example', authorization: 'Basic Zm9vOmJhcg==' });
    const idToken = await running.signer.sign(running.signer.idTokenClaims());
    await everyMutation(401, { cookie, origin: 'https://evil.example', authorization: `Bearer ${idToken}` });
  });

  it('are allowed from our own origin, from ALLOWED_ORIGINS, or with Sec-Fetch-Site: same-origin and no Origin', async () => {
    expect((await call('PATCH', `/api/tasks/${taskId}`, { cookie, json: { completed: true } })).status).toBe(200);
    expect(
      (await call('PATCH', `/api/tasks/${taskId}`, { cookie, origin: sibling, json: { completed: false } })).status,
    ).toBe(200);
    const sameOrigin = { cookie, origin: null, headers: { 'Sec-Fetch-Site': 'same-origin' } };
    expect((await call('POST', '/api/tasks', { ...sameOrigin, json: { title: 'x' } })).status).toBe(201);
  });

  it('never succeed as simple cross-site requests: text/plain with a trusted origin is still 415 (X4)', async () => {
    const result = await call('POST', '/api/tasks', {
      cookie,
      body: '{"title":"x"}',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(result.status).toBe(415);
    expect(rows()).toHaveLength(1);
  });

  it('are allowed cross-origin for GET, which changes nothing (X7)', async () => {
    expect((await call('GET', '/api/tasks', { cookie, origin: 'https://evil.example' })).status).toBe(200);
  });
});

describe('bearer-authenticated mutations', () => {
  it('are allowed with no Origin and from any origin: a browser never attaches the token itself', async () => {
    const authorization = await running.app.bearer();
    const created = await call('POST', '/api/tasks', { authorization, origin: null, json: { title: 'from a script' } });
    expect(created.status).toBe(201);
    expect(
      (
        await call('PATCH', `/api/tasks/${created.body.id}`, {
          authorization,
          origin: 'https://evil.example',
          json: { completed: true },
        })
      ).status,
    ).toBe(200);
    expect((await call('DELETE', `/api/tasks/${created.body.id}`, { authorization, origin: 'null' })).status).toBe(204);
  });

  it('act as the token’s user even when a session cookie of the same user comes along', async () => {
    const authorization = await running.app.bearer();
    const result = await call('DELETE', `/api/tasks/${taskId}`, {
      cookie,
      authorization,
      origin: 'https://evil.example',
    });
    expect(result.status).toBe(204);
  });
});

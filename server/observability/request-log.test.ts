import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { type EntraSigner, startEntraSigner, tenantId, userOid } from '../../test/support/entra-signer.ts';
import { captureLogs } from '../../test/support/log-capture.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';

// The request log and the security events, read from the real logger of a real server (docs/deployment.md, "Logs and metrics").
let signer: EntraSigner;
let app: TestApp;
let logs: ReturnType<typeof captureLogs>;
let call: ReturnType<typeof apiClient>;
let cookie: string;

beforeAll(async () => {
  signer = await startEntraSigner();
  logs = captureLogs();
  // Two nonces a minute, so that the third is rate limited.
  app = await startTestApp(signer, {}, { logger: logs.logger, rateLimits: { signIn: 10_000, nonce: 2 } });
  call = apiClient(app.url);
  cookie = (await app.signIn()).sessionCookie!;
});
afterAll(async () => {
  await app.close();
  await signer.close();
});

/** The one log line of the request that got `response`, by its X-Request-Id. */
function lineOf(response: { headers: Headers }, event = 'request') {
  const requestId = response.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  const found = logs.find({ requestId, event });
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('the request log', () => {
  it('writes one line per request: method, route pattern, status, duration, request id, and the user', async () => {
    const { response } = await app.signIn();
    expect(lineOf(response)).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      pid: process.pid,
      hostname: expect.any(String),
      event: 'request',
      requestId: response.headers.get('x-request-id'),
      method: 'POST',
      route: '/auth/microsoft',
      status: 200,
      durationMs: expect.any(Number),
      tenantId,
      userId: userOid,
      msg: 'request',
    });
  });

  it('names the route by its pattern, never the ids in the path, for cookie and bearer callers', async () => {
    const byCookie = await call('PATCH', '/api/tasks/424242', { cookie, json: { completed: true } });
    expect(lineOf(byCookie)).toMatchObject({ route: '/api/tasks/:id', status: 404, userId: userOid, tenantId });
    const byBearer = await call('GET', '/api/me', { authorization: await app.bearer() });
    expect(lineOf(byBearer)).toMatchObject({ method: 'GET', route: '/api/me', status: 200, userId: userOid });
    expect(logs.text()).not.toContain('424242');
  });

  it('never writes the query string', async () => {
    const response = await call('GET', '/api/tasks?limit=5&after=7&secret-marker-in-query=1', { cookie });
    expect(lineOf(response)).toMatchObject({ route: '/api/tasks', status: 200 });
    expect(logs.text()).not.toContain('secret-marker-in-query');
  });

  it('gives unknown paths one route label, and a signed-out visitor no user', async () => {
    const response = await fetch(`${app.url}/no/such/page/4711`);
    expect(lineOf(response)).toMatchObject({ route: 'unmatched', status: 404, code: 'not_found' });
    expect(lineOf(response).userId).toBeUndefined();
    expect(logs.text()).not.toContain('4711');
  });

  it('labels a file of the built page `static`, and a missing one `unmatched`', async () => {
    const staticRoot = mkdtempSync(join(tmpdir(), 'ms-signin-static-'));
    writeFileSync(join(staticRoot, 'page-4712.html'), '<p>hello</p>');
    const own = captureLogs();
    const other = await startTestApp(signer, {}, { logger: own.logger, staticRoot });
    try {
      expect((await fetch(`${other.url}/page-4712.html`)).status).toBe(200);
      expect((await fetch(`${other.url}/gone-4712.html`)).status).toBe(404);
      expect(own.find({ event: 'request' }).map((line) => [line.route, line.status])).toEqual([
        ['static', 200],
        ['unmatched', 404],
      ]);
      expect(own.text()).not.toContain('4712');
    } finally {
      await other.close();
      rmSync(staticRoot, { recursive: true });
    }
  });

  it('keeps a request id from a proxy when it is a short token, and replaces any other', async () => {
    const kept = await fetch(`${app.url}/healthz`, { headers: { 'X-Request-Id': 'nginx-0123456789abcdef' } });
    expect(kept.headers.get('x-request-id')).toBe('nginx-0123456789abcdef');
    expect(lineOf(kept)).toMatchObject({ route: '/healthz', status: 200 });
    for (const sent of ['has spaces and "quotes"', 'x'.repeat(65)]) {
      const replaced = await fetch(`${app.url}/healthz`, { headers: { 'X-Request-Id': sent } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(logs.text()).not.toContain('quotes');
  });
});

describe('security events', () => {
  it('logs a refused token with its code and the client address, never the token', async () => {
    const token = await signer.sign(signer.accessTokenClaims({ exp: Math.floor(Date.now() / 1000) - 3600 }));
    const response = await call('GET', '/api/me', { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(lineOf(response, 'token_refused')).toMatchObject({
      level: 'warn',
      code: 'access_token_expired',
      method: 'GET',
      route: '/api/me',
      clientAddress: '127.0.0.1',
      msg: 'token refused',
    });
    expect(lineOf(response)).toMatchObject({ status: 401, code: 'access_token_expired' });
    expect(logs.text()).not.toContain(token.split('.')[2]!);
  });

  it('logs a refused sign-in with the code of the ID token’s failure', async () => {
    const { nonce, cookie: nonceCookie } = await app.getNonce();
    const token = await signer.sign(signer.idTokenClaims({ nonce, aud: 'someone-else' }));
    const response = await app.postIdToken({ id_token: token }, { Cookie: nonceCookie });
    expect(lineOf(response, 'token_refused')).toMatchObject({ code: 'audience_invalid', route: '/auth/microsoft' });
  });

  it('logs a CSRF refusal', async () => {
    const response = await call('POST', '/api/tasks', { cookie, origin: 'https://evil.example', json: { title: 'x' } });
    expect(response.status).toBe(403);
    expect(lineOf(response, 'csrf_refused')).toMatchObject({
      level: 'warn',
      code: 'origin_not_allowed',
      method: 'POST',
      route: '/api/tasks',
      msg: 'cross-origin request refused',
    });
  });

  it('logs a rate-limited request', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 3 && !limited; i += 1) {
      const response = await fetch(`${app.url}/auth/nonce`);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.at(-1)).toBe(429);
    expect(lineOf(limited!, 'rate_limited')).toMatchObject({
      level: 'warn',
      code: 'rate_limited',
      route: '/auth/nonce',
      clientAddress: '127.0.0.1',
    });
  });

  it('does not count a visitor without any session as a refused token', async () => {
    const response = await call('GET', '/api/me');
    expect(lineOf(response)).toMatchObject({ status: 401, code: 'session_missing' });
    expect(logs.find({ requestId: response.headers.get('x-request-id'), event: 'token_refused' })).toEqual([]);
  });
});

describe('LOG_LEVEL', () => {
  it('at warn, drops the request lines and keeps the security events', async () => {
    const quiet = captureLogs('warn');
    const other = await startTestApp(signer, {}, { logger: quiet.logger });
    try {
      const { sessionCookie } = await other.signIn();
      expect((await apiClient(other.url)('GET', '/api/me', { cookie: sessionCookie! })).status).toBe(200);
      const refused = await apiClient(other.url)('GET', '/api/me', { authorization: 'Bearer not-a-token' });
      expect(refused.status).toBe(401);
      expect(quiet.lines().map((line) => [line.level, line.event])).toEqual([['warn', 'token_refused']]);
    } finally {
      await other.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../test/support/api-client.ts';
import { type EntraSigner, startEntraSigner } from '../test/support/entra-signer.ts';
import { setCookies } from '../test/support/http.ts';
import { captureLogs } from '../test/support/log-capture.ts';
import { freePort, type RedisServer, startRedis } from '../test/support/redis.ts';
import { startTestApp, type TestApp } from '../test/support/test-app.ts';
import { openStores } from './stores.ts';

describe('openStores() with REDIS_URL', () => {
  it('stops start-up with one line naming REDIS_URL, never the password, when Redis is unreachable', async () => {
    const port = await freePort();
    const failure = await openStores({
      databasePath: ':memory:',
      redisUrl: `redis://:hunter2-secret@127.0.0.1:${port}/2`,
      sessionIdleTimeout: 3600,
    }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(
      `cannot connect to Redis at redis://127.0.0.1:${port}/2 (REDIS_URL): ECONNREFUSED`,
    );
  });
});

describe('a Redis lost while running', () => {
  let signer: EntraSigner;
  let redis: RedisServer;
  let app: TestApp;
  const logs = captureLogs();
  beforeAll(async () => {
    signer = await startEntraSigner();
    redis = await startRedis({ persistent: true }); // a restart brings the sessions back: an outage, not a wipe
    app = await startTestApp(signer, { REDIS_URL: redis.url }, { logger: logs.logger });
  });
  afterAll(async () => {
    await app.close();
    await redis.stop();
    await signer.close();
  });

  it('answers 503 store_unavailable (never 500, never a session unchecked), then recovers by itself', async () => {
    const call = apiClient(app.url);
    const cookie = (await app.signIn()).sessionCookie!;
    const { nonce, cookie: nonceCookie } = await app.getNonce();
    expect((await call('GET', '/api/me', { cookie })).status).toBe(200);

    await redis.kill();
    const me = await fetch(`${app.url}/api/me`, { headers: { Cookie: cookie } });
    expect(me.status).toBe(503);
    expect(await me.json()).toEqual({
      status: 'error',
      error: 'store_unavailable',
      message: 'The session store is unavailable. Try again in a moment.',
    });
    expect(setCookies(me).has('ms-session')).toBe(false); // the cookie is kept: it is not known to be bad
    const token = await signer.sign(signer.idTokenClaims({ nonce }));
    const signIn = await app.postIdToken({ id_token: token }, { Cookie: nonceCookie });
    expect(signIn.status).toBe(503);
    expect(setCookies(signIn).has('ms-session')).toBe(false);
    expect((await fetch(`${app.url}/auth/nonce`)).status).toBe(503);
    expect((await call('POST', '/auth/logout', { cookie, json: { everywhere: true } })).status).toBe(503);

    await redis.restart();
    await expect
      .poll(async () => (await call('GET', '/api/me', { cookie })).status, { timeout: 15_000, interval: 200 })
      .toBe(200);
    expect((await app.signIn()).response.status).toBe(200);
    // One line when lost, one when back (not one per retry), and the 503s name the route, not the session.
    const warnings = logs.lines().filter((line) => line.level === 'warn');
    expect(warnings.filter((line) => line.msg.startsWith('Redis:')).map((line) => line.msg)).toEqual([
      'Redis: connection lost; requests that need it answer 503 until it is back',
      'Redis: connection restored',
    ]);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        route: '/api/me',
        msg: 'The session store is unavailable. Try again in a moment.',
      }),
    );
    // The 503 itself: an error line of the request log, with its code.
    expect(logs.find({ event: 'request', route: '/api/me', status: 503 })[0]).toMatchObject({
      level: 'error',
      code: 'store_unavailable',
    });
    expect(logs.text()).not.toContain(cookie.split('=')[1]!);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { type EntraSigner, startEntraSigner } from '../../test/support/entra-signer.ts';
import { setCookies } from '../../test/support/http.ts';
import { type RedisServer, startRedis } from '../../test/support/redis.ts';
import { startTestApp, type TestApp, tempDatabasePath } from '../../test/support/test-app.ts';

// The session lifecycle through the real server, once on each store: SQLite (one instance) and Redis (many).
let signer: EntraSigner;
let redis: RedisServer;
beforeAll(async () => {
  signer = await startEntraSigner();
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
  await signer.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const chromeOnWindows =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const colleague = { oid: '00000000-0000-0000-0000-00000000c011' };
const minutes = (count: number) => count * 60_000;
/** Moves the clock of this process, which is also the server's, `ms` ahead. */
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe.each([
  ['SQLite', () => ({})],
  ['Redis', () => ({ REDIS_URL: redis.url })],
])('sessions in %s', (_store, storeEnv) => {
  let app: TestApp;
  let call: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    app = await startTestApp(signer, { ...storeEnv(), SESSION_IDLE_TIMEOUT: '600', SESSION_MAX_AGE: '1800' });
    call = apiClient(app.url);
  });
  afterAll(async () => {
    await app.close();
  });

  const signIn = async (claims = {}) => (await app.signIn(claims)).sessionCookie!;
  const me = (cookie: string) => call('GET', '/api/me', { cookie });
  const logout = (cookie: string, json?: unknown) => call('POST', '/auth/logout', { cookie, json });
  const sessionsOf = async (cookie: string) => (await call('GET', '/api/sessions', { cookie })).body;

  it('ends the session on sign-out: a copy of the cookie is refused afterwards (session_revoked)', async () => {
    const cookie = await signIn();
    expect((await me(cookie)).status).toBe(200);
    const out = await logout(cookie);
    expect(out.status).toBe(204);
    expect(
      setCookies(await fetch(`${app.url}/api/me`, { headers: { Cookie: cookie } })).get('ms-session')?.header,
    ).toMatch(/Max-Age=0/);
    expect(await me(cookie)).toMatchObject({ status: 401, body: { error: 'session_revoked' } });
  });

  it('signs out everywhere with {"everywhere": true}, and no one else', async () => {
    const laptop = await signIn();
    const phone = await signIn();
    const other = await signIn(colleague);
    expect((await logout(laptop, { everywhere: true })).status).toBe(204);
    expect(await me(laptop)).toMatchObject({ status: 401, body: { error: 'session_revoked' } });
    expect(await me(phone)).toMatchObject({ status: 401, body: { error: 'session_revoked' } });
    expect((await me(other)).status).toBe(200);
  });

  it('refuses an "everywhere" sign-out without a session, and bodies that are not {"everywhere": bool}', async () => {
    expect(await logout('', { everywhere: true })).toMatchObject({ status: 401, body: { error: 'session_missing' } });
    const cookie = await signIn();
    for (const body of [{ everywhere: 'yes' }, { everywhere: true, extra: 1 }, [true], null]) {
      expect(await logout(cookie, body)).toMatchObject({ status: 400, body: { error: 'invalid_body' } });
    }
    const asText = await call('POST', '/auth/logout', {
      cookie,
      body: '{"everywhere":true}',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(asText.status).toBe(415);
    expect((await me(cookie)).status).toBe(200); // none of those signed anyone out
    expect((await logout(cookie, { everywhere: false })).status).toBe(204);
    expect((await me(cookie)).status).toBe(401);
  });

  it("lists the caller's sessions, this one first and marked, with a client description", async () => {
    const { nonce, cookie: nonceCookie } = await app.getNonce();
    const token = await signer.sign(signer.idTokenClaims({ nonce, ...colleague, oid: crypto.randomUUID() }));
    const other = await app.postIdToken({ id_token: token }, { Cookie: nonceCookie, 'User-Agent': chromeOnWindows });
    const windows = `ms-session=${setCookies(other).get('ms-session')!.value}`;
    const user = { oid: JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).oid };
    const here = await signIn(user);

    const list = await sessionsOf(here);
    expect(list).toHaveLength(2);
    expect(list[0]).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      current: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastSeenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      client: expect.any(String),
      userAgent: expect.any(String),
    });
    expect(list[1]).toMatchObject({ current: false, client: 'Chrome on Windows', userAgent: chromeOnWindows });
    expect(Date.parse(list[1].expiresAt) - Date.parse(list[1].createdAt)).toBe(1800 * 1000);
    // The list of the other browser is the same two, with itself marked.
    expect((await sessionsOf(windows)).map((s: { id: string }) => s.id)).toEqual([list[1].id, list[0].id]);
    // No id is the cookie or part of it: the list never hands out a credential.
    for (const { id } of list) expect(here + windows).not.toContain(id);
  });

  it("ends one of the caller's sessions by id, never another user's (404)", async () => {
    const user = { oid: crypto.randomUUID() };
    const mine = await signIn(user);
    const lost = await signIn(user);
    const theirs = await signIn({ oid: crypto.randomUUID() });
    const [, lostSession] = await sessionsOf(mine);
    const [theirSession] = await sessionsOf(theirs);

    expect(await call('DELETE', `/api/sessions/${theirSession.id}`, { cookie: mine })).toMatchObject({
      status: 404,
      body: { error: 'session_not_found' },
    });
    expect((await me(theirs)).status).toBe(200);
    expect((await call('DELETE', '/api/sessions/not-an-id', { cookie: mine })).status).toBe(400);
    // Cookie-authenticated, so the Origin check applies.
    const foreign = await call('DELETE', `/api/sessions/${lostSession.id}`, {
      cookie: mine,
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect((await me(lost)).status).toBe(200);

    expect((await call('DELETE', `/api/sessions/${lostSession.id}`, { cookie: mine })).status).toBe(204);
    expect(await me(lost)).toMatchObject({ status: 401, body: { error: 'session_revoked' } });
    expect((await sessionsOf(mine)).map((s: { id: string }) => s.id)).not.toContain(lostSession.id);
    expect((await call('DELETE', `/api/sessions/${lostSession.id}`, { cookie: mine })).status).toBe(404);
  });

  it('ends the current session when its own id is deleted, and clears the cookie', async () => {
    const cookie = await signIn({ oid: crypto.randomUUID() });
    const [current] = await sessionsOf(cookie);
    const response = await fetch(`${app.url}/api/sessions/${current.id}`, {
      method: 'DELETE',
      headers: { Cookie: cookie, Origin: app.url },
    });
    expect(response.status).toBe(204);
    expect(setCookies(response).get('ms-session')?.header).toMatch(/Max-Age=0/);
    expect((await me(cookie)).status).toBe(401);
  });

  it('ends a session left idle for SESSION_IDLE_TIMEOUT (session_expired)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cookie = await signIn();
    advance(minutes(9));
    expect((await me(cookie)).status).toBe(200);
    const sessionId = (await sessionsOf(cookie))[0].id;
    advance(minutes(11)); // 11 minutes since the last request, though less than SESSION_MAX_AGE since sign-in
    expect(await me(cookie)).toMatchObject({ status: 401, body: { error: 'session_expired' } });
    const fresh = await signIn();
    expect((await sessionsOf(fresh)).map((s: { id: string }) => s.id)).not.toContain(sessionId);
  });

  it('renews the cookie of an active user past half its life, never past SESSION_MAX_AGE', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let cookie = await signIn();
    advance(minutes(4)); // under half of the 10-minute JWT: no new cookie
    const early = await fetch(`${app.url}/api/me`, { headers: { Cookie: cookie } });
    expect(setCookies(early).has('ms-session')).toBe(false);

    advance(minutes(2));
    // Active every 6 minutes: each request past half the JWT's life gets a fresh one.
    for (let elapsed = 6; elapsed <= 24; elapsed += 6) {
      if (elapsed > 6) advance(minutes(6));
      const response = await fetch(`${app.url}/api/me`, { headers: { Cookie: cookie } });
      expect(response.status).toBe(200);
      const renewed = setCookies(response).get('ms-session');
      expect(renewed?.header).toMatch(/HttpOnly/);
      const maxAge = Number(/Max-Age=(\d+)/.exec(renewed!.header)![1]);
      // 10 minutes, or what is left of the 30 from sign-in when that is less.
      expect(maxAge).toBe(Math.min(600, (30 - elapsed) * 60));
      cookie = `ms-session=${renewed!.value}`;
    }
    advance(minutes(6) + 1000); // just past SESSION_MAX_AGE, 6 minutes after the last request
    expect(await me(cookie)).toMatchObject({ status: 401, body: { error: 'session_expired' } });
  });
});

describe('sessions in SQLite', () => {
  it('stay ended across a restart of the server, and the others stay signed in', async () => {
    const DATABASE_PATH = tempDatabasePath();
    const first = await startTestApp(signer, { DATABASE_PATH });
    const kept = (await first.signIn()).sessionCookie!;
    const ended = (await first.signIn()).sessionCookie!;
    await apiClient(first.url)('POST', '/auth/logout', { cookie: ended });
    await first.close();

    const restarted = await startTestApp(signer, { DATABASE_PATH });
    const call = apiClient(restarted.url);
    expect((await call('GET', '/api/me', { cookie: kept })).status).toBe(200);
    expect(await call('GET', '/api/me', { cookie: ended })).toMatchObject({
      status: 401,
      body: { error: 'session_revoked' },
    });
    await restarted.close();
  });
});

import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { type EntraSigner, startEntraSigner, tenantId, userOid } from '../../test/support/entra-signer.ts';
import { setCookies } from '../../test/support/http.ts';
import { type RedisServer, startRedis } from '../../test/support/redis.ts';
import { sessionSecret, startTestApp, type TestApp } from '../../test/support/test-app.ts';
import { newSession } from './sessions.ts';

// The user's name, e-mail and roles live in the session record, not in the cookie (SECURITY.md, "The session"),
// through the real server on each store: the cookie stays small for anyone, the roles still reach /api/me and
// /auth/check, and a cookie signed before the change keeps working.
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

// 50 app roles of 100 characters, the most server/user.ts keeps: 7 KB of cookie if they travelled in it.
const manyRoles = Array.from({ length: 50 }, (_, index) => `${String(index).padStart(2, '0')}${'r'.repeat(98)}`);
// The longest name and e-mail kept, of characters JSON escapes to six bytes each.
const worstName = '\u0001'.repeat(200);
const worstEmail = '\u0001'.repeat(254);
const minutes = (count: number) => count * 60_000;

describe.each([
  ['SQLite', () => ({})],
  ['Redis', () => ({ REDIS_URL: redis.url })],
])('the user of a session in %s', (store, storeEnv) => {
  let app: TestApp;
  let call: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    app = await startTestApp(signer, { ...storeEnv(), SESSION_IDLE_TIMEOUT: '600', SESSION_MAX_AGE: '1800' });
    call = apiClient(app.url);
  });
  afterAll(() => app.close());

  const check = (cookie: string, query = '') => fetch(`${app.url}/auth/check${query}`, { headers: { Cookie: cookie } });

  it('keeps the session cookie far under 4 KB with 50 roles of 100 characters, and every role on /api/me and /auth/check', async () => {
    const { response, sessionCookie } = await app.signIn({ roles: manyRoles, name: worstName, email: worstEmail });
    expect(response.status).toBe(200);
    const header = setCookies(response).get('ms-session')!.header;
    expect(header.length).toBeLessThan(1024);
    expect((await response.json()).user.roles).toEqual(manyRoles);

    const me = await call('GET', '/api/me', { cookie: sessionCookie! });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: userOid, tenantId, name: worstName, email: worstEmail, roles: manyRoles });
    const checked = await check(sessionCookie!, `?role=${manyRoles[49]}`);
    expect(checked.status).toBe(200);
    expect(checked.headers.get('x-auth-request-roles')).toBe(manyRoles.join(','));
  });

  it('keeps the roles through a renewal of the cookie, and on another instance sharing the store', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { sessionCookie } = await app.signIn({ roles: ['Admin'] });
    vi.setSystemTime(Date.now() + minutes(6)); // past half of the 10-minute cookie
    const renewal = await check(sessionCookie!, '?role=Admin');
    expect(renewal.status).toBe(200);
    const renewed = `ms-session=${setCookies(renewal).get('ms-session')!.value}`;
    expect((await check(renewed, '?role=Admin')).status).toBe(200);
    if (store === 'SQLite') return; // one instance per database file: the other one is Redis's case
    const other = await startTestApp(signer, storeEnv());
    try {
      const response = await fetch(`${other.url}/auth/check?role=Admin`, { headers: { Cookie: renewed } });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-auth-request-roles')).toBe('Admin');
    } finally {
      await other.close();
    }
  });

  it('accepts a cookie signed before the roles moved to the record, with its roles, also once renewed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // What an earlier version wrote: a record without the profile, and a cookie that carries it.
    const user = { id: userOid, tenantId, name: 'Old Cookie', email: 'old@example.test', roles: ['Admin'] };
    const { sid, record } = newSession(user, Date.now(), 1800, 'an earlier version');
    delete record.profile;
    await app.stores.sessions.create(record);
    const now = Math.floor(Date.now() / 1000);
    const { name, email, roles } = user;
    const legacy = await new SignJWT({ sid, tid: tenantId, name, email, roles, iss: 'ms-signin/session', sub: userOid })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(sessionSecret));
    const cookie = `ms-session=${legacy}`;

    expect((await call('GET', '/api/me', { cookie })).body).toMatchObject({ name, email, roles });
    expect((await check(cookie, '?role=Admin')).status).toBe(200);
    vi.setSystemTime(Date.now() + minutes(6));
    const renewal = await check(cookie, '?role=Admin');
    const renewed = `ms-session=${setCookies(renewal).get('ms-session')!.value}`;
    expect(renewed).not.toBe(cookie);
    expect((await call('GET', '/api/me', { cookie: renewed })).body).toMatchObject({ name, email, roles });
  });
});

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createProviderSessions } from './provider-sessions.ts';

// The store behind the cookie, with its clock moved by hand.
function setup() {
  let now = 0;
  const sessions = createProviderSessions(() => now);
  const app = new Hono();
  app.post('/add/:oid', (c) => (sessions.add(c, c.req.param('oid')), c.body(null, 204)));
  app.get('/accounts', (c) => c.json(sessions.accounts(c)));
  const call = (path: string, cookie = '', method = 'GET') =>
    app.request(path, { method, headers: cookie ? { cookie } : {} });
  return { call, advance: (seconds: number) => (now += seconds * 1000) };
}

describe('createProviderSessions()', () => {
  it('keeps the accounts of one browser, the latest first, under one cookie', async () => {
    const { call } = setup();
    const cookie = (await call('/add/a', '', 'POST')).headers.get('set-cookie')!.split(';')[0]!;
    expect((await call('/add/b', cookie, 'POST')).headers.get('set-cookie')).toBeNull();
    expect(await (await call('/accounts', cookie)).json()).toEqual(['b', 'a']);
    expect(await (await call('/accounts')).json()).toEqual([]);
  });

  it('forgets a session after its 24 hours', async () => {
    const { call, advance } = setup();
    const cookie = (await call('/add/a', '', 'POST')).headers.get('set-cookie')!.split(';')[0]!;
    advance(24 * 60 * 60 - 1);
    expect(await (await call('/accounts', cookie)).json()).toEqual(['a']);
    advance(1);
    expect(await (await call('/accounts', cookie)).json()).toEqual([]);
  });
});

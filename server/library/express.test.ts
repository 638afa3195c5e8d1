import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clientId, type EntraSigner, startEntraSigner, tenantId, userOid } from '../../test/support/entra-signer.ts';
import { setCookies } from '../../test/support/http.ts';
import { hostAppOptions, signInClient } from '../../test/support/sign-in-client.ts';
import { createSignIn, type ExpressSignIn } from './express.ts';

// ms-signin/express in a host's own Express 5 app, over real HTTP against the Entra stand-in: the router at /auth
// (after the host's own express.json(), which spends the request's body), req.user from requireUser(), the same
// JSON refusals as the standalone server, and a renewed session cookie passed on. The packed package:
// e2e/package.test.ts.
let signer: EntraSigner;
let signIn: ExpressSignIn;
let url: string;
let close: () => Promise<void>;
let client: ReturnType<typeof signInClient>;

beforeAll(async () => {
  signer = await startEntraSigner();
  signIn = await createSignIn({
    ...hostAppOptions(signer),
    sessionIdleTimeout: 60, // the shortest: renewed past 30 seconds (below)
  });
  const app = express();
  app.use(express.json());
  app.use('/auth', signIn.router);
  app.get('/hello', signIn.requireUser(), (req, res) => {
    res.send(`Hello, ${req.user.name}`);
  });
  app.delete('/notes/:id', signIn.requireUser({ role: 'Admin' }), (req, res) => {
    res.json({ deleted: req.params.id, by: req.user.id });
  });
  app.use((_req, res) => {
    res.status(404).send('host 404');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
  client = signInClient(url, signer);
});
afterAll(async () => {
  await close?.();
  await signIn?.close();
  await signer?.close();
});

describe('createSignIn() from ms-signin/express', () => {
  it('signs in through the router, after the host’s express.json(), and sets req.user on a guarded route', async () => {
    const { response, sessionCookie } = await client.signIn({ name: 'Adele Vance' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'success', user: { id: userOid } });
    const hello = await fetch(`${url}/hello`, { headers: { Cookie: sessionCookie! } });
    expect(await hello.text()).toBe('Hello, Adele Vance');
  });

  it('refuses as the standalone server does: 401 JSON with the challenge, 403 role and origin, 400 bodies', async () => {
    const anonymous = await fetch(`${url}/hello`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await anonymous.json()).toMatchObject({ status: 'error', error: 'session_missing' });

    const { sessionCookie } = await client.signIn({ roles: ['Admin'] });
    const remove = (origin: string) =>
      fetch(`${url}/notes/7`, { method: 'DELETE', headers: { Cookie: sessionCookie!, Origin: origin } });
    expect(await (await remove('https://evil.example')).json()).toMatchObject({ error: 'origin_not_allowed' });
    expect(await (await remove(url)).json()).toEqual({ deleted: '7', by: userOid });
    const { sessionCookie: plain } = await client.signIn();
    const noRole = await fetch(`${url}/notes/7`, { method: 'DELETE', headers: { Cookie: plain!, Origin: url } });
    expect(noRole.status).toBe(403);

    // A body the host's express.json() has parsed is checked as the standalone server checks it.
    const malformed = await client.postIdToken({ token: 'not the field' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'invalid_body' });
  });

  it('passes a renewed session cookie on through requireUser(), past half its life', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { sessionCookie } = await client.signIn();
      const hello = () => fetch(`${url}/hello`, { headers: { Cookie: sessionCookie! } });
      vi.setSystemTime(Date.now() + 20_000); // under half of the 60-second cookie: none renewed
      expect(setCookies(await hello()).has('ms-session')).toBe(false);
      vi.setSystemTime(Date.now() + 20_000);
      const response = await hello();
      expect(await response.text()).toBe('Hello, Test User');
      const renewed = setCookies(response).get('ms-session');
      expect(renewed?.header).toMatch(/HttpOnly/);
      const again = await fetch(`${url}/hello`, { headers: { Cookie: `ms-session=${renewed!.value}` } });
      expect(again.status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers its own unknown paths under /auth with a 404, and leaves the host’s other paths to the host', async () => {
    const unknown = await fetch(`${url}/auth/nowhere`);
    expect(unknown.status).toBe(404);
    expect(await (await fetch(`${url}/elsewhere`)).text()).toBe('host 404');
  });
});

import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntraSigner, startEntraSigner } from '../../test/support/entra-signer.ts';
import { serveOnEphemeralPort } from '../../test/support/http.ts';
import { inMemoryApp, startTestApp, type TestApp } from '../../test/support/test-app.ts';
import { loadConfig } from '../config.ts';
import { clientRequest, type ClientRequest } from './client-request.ts';

// TRUST_PROXY through real servers on 127.0.0.1: X-Forwarded-* are believed from a trusted peer only.
let signer: EntraSigner;
beforeAll(async () => {
  signer = await startEntraSigner();
});
afterAll(async () => {
  await signer.close();
});

/** What `clientRequest(trustProxy)` makes of a request with `headers`, sent over a real socket from 127.0.0.1. */
async function describeClient(trustProxy: string[] | number, headers: Record<string, string>) {
  const app = new Hono().use(clientRequest(trustProxy)).get('/', (c) => c.json(c.get('client')));
  const server = await serveOnEphemeralPort((request, env) => app.fetch(request, env));
  try {
    const client = (await (await fetch(server.url, { headers })).json()) as ClientRequest;
    return { ...client, url: server.url };
  } finally {
    await server.close();
  }
}

describe('clientRequest()', () => {
  it('ignores X-Forwarded-* from a peer that is not a trusted proxy', async () => {
    const headers = { 'X-Forwarded-For': '1.2.3.4', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'site.example' };
    for (const trust of [[], ['10.0.0.0/8', 'uniquelocal'], 0]) {
      const client = await describeClient(trust, headers);
      expect(client).toMatchObject({ address: '127.0.0.1', origin: client.url });
    }
  });

  it('through a trusted peer, takes the right-most X-Forwarded-For entry that is not itself trusted', async () => {
    const headers = { 'X-Forwarded-For': '6.6.6.6, 203.0.113.7, 10.1.2.3' };
    expect((await describeClient(['127.0.0.1'], headers)).address).toBe('10.1.2.3');
    expect((await describeClient(['loopback', '10.0.0.0/8'], headers)).address).toBe('203.0.113.7');
    // A hop count trusts that many proxies whatever their addresses: the peer and 10.1.2.3 here.
    expect((await describeClient(2, headers)).address).toBe('203.0.113.7');
    expect((await describeClient(1, headers)).address).toBe('10.1.2.3');
    // No header: the peer itself is the client.
    expect((await describeClient(['loopback'], {})).address).toBe('127.0.0.1');
  });

  it('through a trusted peer, takes the public origin from X-Forwarded-Proto and X-Forwarded-Host', async () => {
    const forwarded = (proto: string, host: string) => ({ 'X-Forwarded-Proto': proto, 'X-Forwarded-Host': host });
    const origin = async (headers: Record<string, string>) => (await describeClient(['loopback'], headers)).origin;
    expect(await origin(forwarded('https', 'site.example'))).toBe('https://site.example');
    expect(await origin(forwarded('HTTPS', 'Site.Example:443'))).toBe('https://site.example');
    expect(await origin(forwarded('https', 'site.example:8443'))).toBe('https://site.example:8443');
    // Several proxies that append: the first value, written by the one the browser talked to.
    expect(await origin(forwarded('https, http', 'site.example, internal:3000'))).toBe('https://site.example');
    // One header alone: the other part stays the request's own (http://127.0.0.1:<port>).
    expect(await origin({ 'X-Forwarded-Proto': 'https' })).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await origin({ 'X-Forwarded-Host': 'site.example' })).toBe('http://site.example');
    // Anything that is not a scheme and a bare host: the request's own origin, not the header's word.
    for (const headers of [
      forwarded('javascript', 'site.example'),
      forwarded('https', 'site.example/path'),
      forwarded('https', 'user@site.example'),
      forwarded('https', 'site .example'),
    ]) {
      expect(await origin(headers), JSON.stringify(headers)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
  });
});

describe('rate limits behind TRUST_PROXY', () => {
  const limit = 3;
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  /** A server allowing `limit` nonces a minute per client address, with TRUST_PROXY = `trustProxy`. */
  async function appTrusting(trustProxy?: string) {
    const env: Record<string, string> = trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy };
    const app = await startTestApp(signer, env, { rateLimits: { signIn: limit, nonce: limit } });
    apps.push(app);
    return app;
  }

  /** The statuses of GET /auth/nonce sent once with each X-Forwarded-For value. */
  async function nonceStatuses(app: TestApp, forwardedFor: string[]) {
    const statuses = [];
    for (const value of forwardedFor) {
      statuses.push((await fetch(`${app.url}/auth/nonce`, { headers: { 'X-Forwarded-For': value } })).status);
    }
    return statuses;
  }

  const spoofed = Array.from({ length: 2 * limit }, (_, i) => `198.51.100.${i + 1}`);

  it('with TRUST_PROXY unset, a made-up X-Forwarded-For buys no fresh budget', async () => {
    const statuses = await nonceStatuses(await appTrusting(), spoofed);
    expect(statuses.slice(0, limit)).toEqual([200, 200, 200]);
    expect(statuses.slice(limit)).toEqual([429, 429, 429]);
  });

  it('with a TRUST_PROXY that does not cover the peer, X-Forwarded-For is ignored too', async () => {
    const statuses = await nonceStatuses(await appTrusting('10.0.0.0/8, 192.168.0.0/16'), spoofed);
    expect(statuses).toContain(429);
  });

  it('through a trusted proxy, each client address has its own budget', async () => {
    for (const trust of ['127.0.0.1', 'loopback', '1']) {
      const app = await appTrusting(trust);
      expect(await nonceStatuses(app, spoofed), trust).toEqual(spoofed.map(() => 200));
      // One address over its budget is refused, and only that one.
      const repeated = Array.from({ length: limit + 1 }, () => '203.0.113.9');
      expect(await nonceStatuses(app, repeated), trust).toEqual([200, 200, 200, 429]);
      expect(await nonceStatuses(app, ['203.0.113.10']), trust).toEqual([200]);
    }
  });

  it('through a trusted proxy, counts an IPv6 client by its /64: another address of the same network buys nothing', async () => {
    const app = await appTrusting('loopback');
    const sameNetwork = Array.from({ length: limit + 1 }, (_, i) => `2001:db8:aa:bb:${i + 1}:2:3:4`);
    expect(await nonceStatuses(app, sameNetwork)).toEqual([200, 200, 200, 429]);
    expect(await nonceStatuses(app, ['2001:db8:aa:bb::ffff'])).toEqual([429]);
    expect(await nonceStatuses(app, ['2001:db8:aa:bc::1'])).toEqual([200]); // the next /64: its own budget
    // IPv4 as a dual-stack proxy may write it: one budget with the plain address.
    const mapped = ['203.0.113.77', '::ffff:203.0.113.77', '203.0.113.77', '::ffff:203.0.113.77'];
    expect(await nonceStatuses(app, mapped)).toEqual([200, 200, 200, 429]);
  });

  it('through one trusted hop, only the right-most entry counts: made-up entries before it buy nothing', async () => {
    const app = await appTrusting('1');
    const statuses = await nonceStatuses(
      app,
      spoofed.map((address) => `${address}, 203.0.113.20`),
    );
    expect(statuses.slice(limit)).toEqual([429, 429, 429]);
  });
});

describe('the Origin check behind TRUST_PROXY', () => {
  const site = 'https://site.example';
  const fromProxy = { Origin: site, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'site.example' };
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  async function logout(trustProxy: string | undefined, headers: Record<string, string>) {
    const app = await startTestApp(signer, trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy });
    apps.push(app);
    const response = await fetch(`${app.url}/auth/logout`, { method: 'POST', headers });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  }

  it('accepts the site’s own pages through a trusted TLS-terminating proxy, with no ALLOWED_ORIGINS', async () => {
    expect((await logout('loopback', fromProxy)).status).toBe(204);
    expect((await logout('127.0.0.1/32', fromProxy)).status).toBe(204);
    expect((await logout('1', fromProxy)).status).toBe(204);
  });

  it('refuses the same request when the peer is not a trusted proxy (403 origin_not_allowed)', async () => {
    for (const trust of [undefined, '10.0.0.0/8']) {
      expect(await logout(trust, fromProxy)).toEqual({
        status: 403,
        body: expect.objectContaining({ error: 'origin_not_allowed' }),
      });
    }
  });

  it('through a trusted proxy, still refuses any other origin', async () => {
    expect((await logout('loopback', { ...fromProxy, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await logout('loopback', { ...fromProxy, Origin: 'http://site.example' })).status).toBe(403);
    expect((await logout('loopback', { ...fromProxy, 'X-Forwarded-Host': 'site.example/x' })).status).toBe(403);
  });

  it('protects cookie-authenticated /api mutations the same way', async () => {
    const app = await startTestApp(signer, { TRUST_PROXY: 'loopback' });
    apps.push(app);
    const cookie = (await app.signIn()).sessionCookie!;
    const post = (headers: Record<string, string>) =>
      fetch(`${app.url}/api/tasks`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ title: 'through the proxy' }),
      });
    expect((await post(fromProxy)).status).toBe(201);
    expect((await post({ ...fromProxy, Origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('without a socket (app.request)', () => {
  it('believes no X-Forwarded-* header, even with a hop count, and does not fail', async () => {
    const config = loadConfig({
      ENTRA_CLIENT_ID: '6b8f1c2d-3e4a-4b5c-8d6e-7f8091a2b3c4',
      ENTRA_TENANT_ID: '3f1a6a2e-8c1b-4f5e-9a7d-2b6c4d8e0f11',
      SESSION_SECRET: 'x'.repeat(32),
      TRUST_PROXY: '1',
    });
    const app = await inMemoryApp(config, { rateLimits: { signIn: 2, nonce: 2 } });
    const statuses = [];
    for (const address of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
      statuses.push((await app.request('/auth/nonce', { headers: { 'X-Forwarded-For': address } })).status);
    }
    expect(statuses).toEqual([200, 200, 429]); // one shared budget
    const logout = await app.request('/auth/logout', {
      method: 'POST',
      headers: { Origin: 'https://site.example', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'site.example' },
    });
    expect(logout.status).toBe(403);
  });
});

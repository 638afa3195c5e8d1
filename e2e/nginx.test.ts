import { Agent, request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { decodeJwt, SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import users from '../server/dev-idp/users.json' with { type: 'json' };
import { testUser } from '../test/support/test-users.ts';
import { launchChromium } from './browser.ts';
import { type NginxStack, sessionSecret, startNginxStack } from './nginx-stack.ts';

// examples/nginx as docs/deployment.md, "Protect your own backend", deploys it: the template rendered for real nginx
// with TLS, two production instances sharing Redis behind it (TRUST_PROXY: nginx's address), the static site
// signing in with the drop-in element in real Chromium, and examples/nginx/backend.py behind auth_request.
const adele = testUser('Adele Vance');
const megan = testUser('Megan Bowen');
const cookieName = '__Host-ms-session';
let stack: NginxStack;
let browser: Browser;

beforeAll(async () => {
  // No ALLOWED_ORIGINS: the page's own origin must come from nginx's X-Forwarded-Proto and -Host.
  [stack, browser] = await Promise.all([startNginxStack(), launchChromium()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A fresh browser profile that accepts the test's self-signed certificate. */
const newContext = () => browser.newContext({ ignoreHTTPSErrors: true });

/**
 * Opens the static site through nginx and signs in as `user` in the popup. (Playwright's own waits, not
 * expect.poll: this also runs in beforeAll.)
 */
async function signIn(context: BrowserContext, user: { name: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${stack.origin}/`);
  // Ready: MSAL loaded and a nonce fetched, so the click opens the popup at once.
  const button = page.locator('ms-signin-button button[data-state="ready"]');
  await button.waitFor({ timeout: 20_000 });
  const popupOpened = page.waitForEvent('popup');
  await button.click();
  await (await popupOpened).getByRole('button', { name: new RegExp(user.name) }).click();
  await page.locator('#status', { hasText: `Signed in as ${user.name}.` }).waitFor({ timeout: 20_000 });
  return page;
}

interface Echo {
  user: { id: string | null; email: string | null; name: string | null; tenantId: string | null; roles: string | null };
  headers: Record<string, string[]>;
}

/** The page's own `fetch(path)`, with `headers`: what a script of the site would do. */
function fetchFromPage(page: Page, path: string, headers: Record<string, string> = {}) {
  return page.evaluate(
    async ({ path, headers }) => {
      const response = await fetch(path, { headers });
      return { status: response.status, body: await response.json() };
    },
    { path, headers },
  );
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET to nginx from Node, trusting the test's certificate; `agent` picks the source address. */
function get(path: string, headers: Record<string, string> = {}, agent?: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    request(
      {
        host: '127.0.0.1',
        port: stack.port,
        servername: 'localhost',
        ca: stack.certificate.cert,
        path,
        headers: { Host: `localhost:${stack.port}`, ...headers },
        ...(agent && { agent }),
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      },
    )
      .on('error', reject)
      .end();
  });
}

describe('examples/nginx: the static site, two instances and a backend behind auth_request', () => {
  let context: BrowserContext;
  let page: Page;
  let cookie: string;

  beforeAll(async () => {
    context = await newContext();
    page = await signIn(context, adele);
    cookie = (await context.cookies(stack.origin)).find((candidate) => candidate.name === cookieName)!.value;
  }, 60_000);
  afterAll(() => context?.close());

  it('signs in on the https site through the popup: a Secure __Host- session cookie, /api/me through nginx', async () => {
    expect((await context.cookies(stack.origin)).find((candidate) => candidate.name === cookieName)).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    });
    // The page's fetch('/api/me') (examples/static-site), same origin through nginx.
    await expect.poll(() => page.locator('#me').textContent()).toContain('HTTP 200');
    expect(await page.locator('#me').textContent()).toContain(`"email": "${adele.email}"`);
  });

  it('hands the backend the user from /auth/check, and the public origin and client address', async () => {
    const { status, body } = await fetchFromPage(page, '/backend/whoami');
    expect(status).toBe(200);
    const echo = body as Echo;
    expect(echo.user).toEqual({
      id: adele.oid,
      email: adele.email,
      name: encodeURIComponent(adele.name),
      tenantId: users.tenantId,
      roles: null, // Adele has no app role: no header at all
    });
    expect(echo.headers).toMatchObject({
      'x-forwarded-proto': ['https'],
      'x-forwarded-host': [`localhost:${stack.port}`],
      'x-forwarded-for': ['127.0.0.1'],
    });
  });

  it('replaces or drops every X-Auth-Request-* header the client sends, empty ones and underscore aliases too', async () => {
    const { status, body } = await fetchFromPage(page, '/backend/whoami', {
      'X-Auth-Request-User': 'attacker',
      'X-Auth-Request-Email': 'attacker@example.com',
      'X-Auth-Request-Roles': 'Admin', // the check sends none for Adele: nginx must not let this one through
      X_Auth_Request_User: 'attacker', // CGI-style frameworks read it as X-Auth-Request-User
    });
    expect(status).toBe(200);
    const { user, headers } = body as Echo;
    expect(user).toMatchObject({ id: adele.oid, email: adele.email, roles: null });
    expect(headers['x-auth-request-user']).toEqual([adele.oid]);
    expect(headers['x-auth-request-email']).toEqual([adele.email]);
    expect(JSON.stringify(headers)).not.toMatch(/attacker|Admin/);
  });

  it('passes a POST and its body to the backend once the check has said yes', async () => {
    const { status, body } = await page.evaluate(async () => {
      const response = await fetch('/backend/upload', { method: 'POST', body: 'x'.repeat(64 * 1024) });
      return { status: response.status, body: await response.json() };
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ method: 'POST', bodyLength: 64 * 1024, user: { id: adele.oid } });
  });

  it('answers 401 with a JSON error to a request without a session, whatever headers it forges', async () => {
    const other = await newContext();
    const stranger = await other.newPage();
    await stranger.goto(`${stack.origin}/`);
    expect(await fetchFromPage(stranger, '/backend/whoami', { 'X-Auth-Request-User': adele.oid })).toEqual({
      status: 401,
      body: { status: 'error', error: 'unauthorized', message: 'Sign in first.' },
    });
    await other.close();
    const forged = await get('/backend/whoami', { 'X-Auth-Request-User': adele.oid, 'X-Auth-Request-Roles': 'Admin' });
    expect(forged.status).toBe(401);
    expect(forged.headers['content-type']).toBe('application/json');
  });

  it('lets only users with the Admin app role into /backend/admin/ (/auth/check?role=Admin)', async () => {
    expect(await fetchFromPage(page, '/backend/admin/report')).toMatchObject({
      status: 403,
      body: { status: 'error', error: 'role_required' },
    });
    const admins = await newContext();
    const admin = await signIn(admins, megan);
    const { status, body } = await fetchFromPage(admin, '/backend/admin/report');
    expect(status).toBe(200);
    expect((body as Echo).user).toMatchObject({ id: megan.oid, roles: 'Admin' });
    // The same area however it is spelled: the role opens all of it.
    expect(await fetchFromPage(admin, '/backend/ADMIN/report')).toMatchObject({
      status: 200,
      body: { user: { roles: 'Admin' } },
    });
    await admins.close();
  });

  it('keeps users without the role out of the admin area however its path is spelled', async () => {
    // Each would reach the admin pages of a backend that routes without regard to case, drops ";..." path
    // parameters (Java servlet containers), or takes a format suffix.
    const spellings = {
      '/backend/ADMIN/report': 403,
      '/backend/Admin/report': 403,
      '/backend/admin': 403,
      '/backend/admin.json': 403,
      '/backend/%61dmin/report': 403, // nginx decodes before it matches
      '/backend//admin/report': 403,
      '/backend/x/../admin/report': 403,
      '/backend/admin;v=1/report': 400,
      '/backend/Admin;v=1/': 400,
      '/backend/admin%3Bv=1/': 400,
      '/backend/whoami;jsessionid=x': 400,
    };
    for (const [path, status] of Object.entries(spellings)) {
      const reply = await get(path, { Cookie: `${cookieName}=${cookie}` });
      expect(reply.status, path).toBe(status);
      expect(JSON.parse(reply.body), path).toMatchObject({ status: 'error' });
    }
    // Another page that only starts with the same letters is no admin page.
    expect((await get('/backend/administrivia', { Cookie: `${cookieName}=${cookie}` })).status).toBe(200);
  });

  it('passes on the renewed cookie that /auth/check sends past half the session cookie life', async () => {
    // The same session, its cookie re-signed as if issued 50 minutes ago, ending in 2: past half its life.
    const now = Math.floor(Date.now() / 1000);
    const aged = await new SignJWT(decodeJwt(cookie))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now - 3000)
      .setExpirationTime(now + 120)
      .sign(new TextEncoder().encode(sessionSecret));
    const reply = await get('/backend/whoami', { Cookie: `${cookieName}=${aged}` });
    expect(reply.status).toBe(200);
    const renewed = reply.headers['set-cookie']?.find((line) => line.startsWith(`${cookieName}=`));
    expect(renewed).toMatch(/; Secure/);
    expect(renewed).not.toContain(aged);
  });

  it('balances over both instances, and either accepts a session made through nginx (shared Redis)', async () => {
    const served = new Set(stack.nginx.accessLog().map((line) => line.split(' ')[3]));
    for (const instance of stack.instances) {
      expect(served).toContain(`127.0.0.1:${instance.port}`);
      const check = await fetch(`http://127.0.0.1:${instance.port}/auth/check`, {
        headers: { Cookie: `${cookieName}=${cookie}` },
      });
      expect(check.status).toBe(200);
      expect(check.headers.get('x-auth-request-user')).toBe(adele.oid);
    }
  });

  it('keeps its check location internal', async () => {
    expect((await get('/_ms_signin/check', { Cookie: `${cookieName}=${cookie}` })).status).toBe(404);
  });

  it('answers 401 after sign-out, to the page and to a copy of the old cookie, logged with the real client', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('Signed out.');
    expect((await fetchFromPage(page, '/backend/whoami')).status).toBe(401);
    // From another address than nginx's: the instance's security log names it (X-Forwarded-For of the check).
    const elsewhere = new Agent({ localAddress: '127.0.0.4', ca: stack.certificate.cert });
    expect((await get('/backend/whoami', { Cookie: `${cookieName}=${cookie}` }, elsewhere)).status).toBe(401);
    elsewhere.destroy();
    const logs = () => stack.instances.map((instance) => instance.output()).join('');
    await expect.poll(logs).toMatch(/token refused.*127\.0\.0\.4|127\.0\.0\.4.*token refused/);
    expect(logs()).not.toContain(cookie);
  });
});

describe('the client address through nginx (TRUST_PROXY)', () => {
  it('spends the rate limit of the real client, whatever X-Forwarded-For it sends', async () => {
    // Clients on other loopback addresses than nginx's trusted 127.0.0.1; 60 nonces a minute each.
    const from = (localAddress: string) => new Agent({ keepAlive: true, localAddress, ca: stack.certificate.cert });
    const client = from('127.0.0.2');
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= 60; attempt += 1) {
      // A new forged address each time: if the server believed it, the budget would never run out.
      statuses.push((await get('/auth/nonce', { 'X-Forwarded-For': `203.0.113.${attempt}` }, client)).status);
    }
    client.destroy();
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    // Another client still has its own budget: the limit is not nginx's address for everyone.
    const neighbour = from('127.0.0.3');
    expect((await get('/auth/nonce', {}, neighbour)).status).toBe(200);
    neighbour.destroy();
  });
});

describe('a rolling restart of the instances behind nginx (max_fails=0)', () => {
  let context: BrowserContext;
  let cookie: string;
  beforeAll(async () => {
    context = await newContext();
    await signIn(context, megan);
    cookie = `${cookieName}=${(await context.cookies(stack.origin)).find((candidate) => candidate.name === cookieName)!.value}`;
  }, 60_000);
  afterAll(() => context?.close());

  /** Requests of every kind nginx sends to the instances: forward auth, the API, the drop-in script. */
  async function statuses() {
    const paths = ['/backend/whoami', '/auth/session', '/api/me', '/sdk/ms-signin.js'];
    const replies = [];
    for (let round = 0; round < 3; round += 1) {
      for (const path of paths) replies.push(`${path} ${(await get(path, { Cookie: cookie })).status}`);
    }
    return replies;
  }
  const allOk = (replies: string[]) => replies.filter((reply) => !reply.endsWith(' 200'));

  it('loses no request when each instance in turn is restarted, the next stopped as soon as the last answers /healthz', async () => {
    await stack.stopInstance(0);
    expect(allOk(await statuses())).toEqual([]); // all on instance two; nginx's default would set one aside for 10 s
    await stack.startInstance(0);
    await stack.stopInstance(1); // at once: instance one must take everything now
    expect(allOk(await statuses())).toEqual([]);
    await stack.startInstance(1);
    expect(allOk(await statuses())).toEqual([]);
    expect(stack.nginx.errorLog()).not.toContain('no live upstreams');
  }, 60_000);
});

describe('outages behind nginx: a 503 with Retry-After, never a 500', () => {
  it('answers 503 with Retry-After through auth_request while Redis is down, then recovers by itself', async () => {
    const context = await newContext();
    await signIn(context, adele);
    const value = (await context.cookies(stack.origin)).find((candidate) => candidate.name === cookieName)!.value;
    await context.close();
    const cookie = `${cookieName}=${value}`;
    expect((await get('/backend/whoami', { Cookie: cookie })).status).toBe(200);

    await stack.redis.kill();
    const reply = await get('/backend/whoami', { Cookie: cookie });
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe('5');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(reply.body)).toMatchObject({ status: 'error', error: 'auth_unavailable' });
    // The instances' own answers pass through as they are: 503 store_unavailable.
    expect((await get('/api/me', { Cookie: cookie })).status).toBe(503);

    await stack.redis.restart();
    // This Redis keeps nothing on disk: the session is gone with it, a 401, and the site works again.
    await expect
      .poll(async () => (await get('/backend/whoami', { Cookie: cookie })).status, { timeout: 10_000 })
      .toBe(401);
    // Each instance reconnects on its own schedule (store/redis.ts): the one nginx picks next may still be on its way.
    await expect.poll(async () => (await get('/auth/nonce')).status, { timeout: 10_000 }).toBe(200);
  }, 60_000);

  it('answers 503 with Retry-After when no instance of the auth server answers at all', async () => {
    await Promise.all([stack.stopInstance(0), stack.stopInstance(1)]);
    try {
      const reply = await get('/backend/whoami');
      expect(reply.status).toBe(503);
      expect(reply.headers['retry-after']).toBe('5');
    } finally {
      await Promise.all([stack.startInstance(0), stack.startInstance(1)]);
    }
  }, 60_000);
});

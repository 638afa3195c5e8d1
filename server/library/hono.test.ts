import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, type EntraSigner, startEntraSigner, tenantId, userOid } from '../../test/support/entra-signer.ts';
import { serveOnEphemeralPort, setCookies } from '../../test/support/http.ts';
import { hostAppOptions, signInClient } from '../../test/support/sign-in-client.ts';
import { createSignIn, type HonoSignIn } from './hono.ts';

// ms-signin/hono in a host's own Hono app, over real HTTP against the Entra stand-in (real keys, JWKS over HTTP):
// the routes mounted at /auth answer as the standalone server's, and requireUser() guards the host's routes with the
// same 401/403 bodies and the same origin check. The packed package: e2e/package.test.ts.
let signer: EntraSigner;
let signIn: HonoSignIn;
let url: string;
let close: () => Promise<void>;
let client: ReturnType<typeof signInClient>;

beforeAll(async () => {
  signer = await startEntraSigner();
  signIn = await createSignIn(hostAppOptions(signer));
  const app = new Hono();
  app.route('/auth', signIn.routes);
  app.get('/hello', signIn.requireUser(), (c) => c.text(`Hello, ${c.get('user').name}`));
  app.get('/admin', signIn.requireUser({ role: 'Admin' }), (c) => c.text('admin'));
  app.post('/notes', signIn.requireUser(), (c) => c.json({ by: c.get('user').id }, 201));
  app.get('/tasks', signIn.requireUser({ scope: 'Tasks.Read' }), (c) => c.text('tasks'));
  app.get('/public', (c) => c.text('anyone'));
  // The host's own error handling and 404s stay the host's.
  app.notFound((c) => c.text('host 404', 404));
  app.onError((_error, c) => c.text('host error', 500));
  const server = await serveOnEphemeralPort((request, env) => app.fetch(request, env));
  url = server.url;
  close = server.close;
  client = signInClient(url, signer);
});
afterAll(async () => {
  await close?.();
  await signIn?.close();
  await signer?.close();
});

describe('createSignIn() from ms-signin/hono', () => {
  it('signs in through the mounted routes and greets the user on a guarded route of the host', async () => {
    const { response, sessionCookie } = await client.signIn({ name: 'Adele Vance' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'success', user: { id: userOid, name: 'Adele Vance' } });
    const hello = await fetch(`${url}/hello`, { headers: { Cookie: sessionCookie! } });
    expect(hello.status).toBe(200);
    expect(await hello.text()).toBe('Hello, Adele Vance');
  });

  it('answers 401 with the JSON body and the bearer challenge, whatever the host’s onError', async () => {
    const response = await fetch(`${url}/hello`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await response.json()).toEqual({
      status: 'error',
      error: 'session_missing',
      message: 'Sign in to continue.',
    });
  });

  it('serves every /auth route of the standalone server: config, session, check, logout', async () => {
    const config = await (await fetch(`${url}/auth/config`)).json();
    expect(config.clientId).toBe(clientId);
    // A local (http) authority reaches MSAL as metadata with its real endpoints (docs/msal.md).
    expect(JSON.parse(config.authorityMetadata).token_endpoint).toBe(
      `${signer.authority}/${tenantId}/oauth2/v2.0/token`,
    );
    const { sessionCookie } = await client.signIn({ name: 'Megan Bowen', roles: ['Admin'] });
    const headers = { Cookie: sessionCookie! };
    expect(await (await fetch(`${url}/auth/session`, { headers })).json()).toMatchObject({ name: 'Megan Bowen' });
    const check = await fetch(`${url}/auth/check?role=Admin`, { headers });
    expect(check.status).toBe(200);
    expect(check.headers.get('x-auth-request-user')).toBe(userOid);
    const logout = await fetch(`${url}/auth/logout`, { method: 'POST', headers: { ...headers, Origin: url } });
    expect(logout.status).toBe(204);
    expect((await fetch(`${url}/hello`, { headers })).status).toBe(401);
  });

  it('takes a bearer access token on the host’s routes, and asks the role and scope the route names', async () => {
    const bearer = await client.bearer({ name: 'Daemon', roles: ['Admin'] });
    expect(await (await fetch(`${url}/hello`, { headers: { Authorization: bearer } })).text()).toBe('Hello, Daemon');
    expect((await fetch(`${url}/admin`, { headers: { Authorization: bearer } })).status).toBe(200);
    const noRole = await fetch(`${url}/admin`, { headers: { Authorization: await client.bearer() } });
    expect(noRole.status).toBe(403);
    expect(await noRole.json()).toMatchObject({ error: 'role_required' });
    // The default token carries access_as_user, not Tasks.Read: the challenge names the scope to ask for.
    const noScope = await fetch(`${url}/tasks`, { headers: { Authorization: await client.bearer() } });
    expect(noScope.status).toBe(403);
    expect(noScope.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="Tasks.Read"');
  });

  it('refuses a cookie-authenticated change from another origin (CSRF), not one from the app’s own', async () => {
    const { sessionCookie } = await client.signIn();
    const post = (origin: string) =>
      fetch(`${url}/notes`, { method: 'POST', headers: { Cookie: sessionCookie!, Origin: origin } });
    const crossSite = await post('https://evil.example');
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ error: 'origin_not_allowed' });
    expect((await post(url)).status).toBe(201);
  });

  it('leaves the host’s other routes, 404s and errors alone', async () => {
    expect(await (await fetch(`${url}/public`)).text()).toBe('anyone');
    const missing = await fetch(`${url}/nowhere`);
    expect([missing.status, await missing.text()]).toEqual([404, 'host 404']);
    // Nothing of the sign-in's on a route it does not guard.
    expect(setCookies(await fetch(`${url}/public`)).size).toBe(0);
  });
});

import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { clientId, type EntraSigner, startEntraSigner, tenantId } from '../../test/support/entra-signer.ts';
import { nonceCookieOf, setCookies } from '../../test/support/http.ts';
import { tempDatabasePath } from '../../test/support/test-app.ts';

// A full run of a server process at LOG_LEVEL=trace, then a grep of everything it printed: no token, cookie,
// nonce or secret may appear (docs/deployment.md, "Logs and metrics", and docs/security-model.md).
const sessionSecret = 'log-grep-session-secret-0123456789-abcdefghij';
const metricsToken = 'log-grep-metrics-token-0123456789-abcdefghij';
let signer: EntraSigner;
let output = '';
const secrets: Record<string, string> = { sessionSecret, metricsToken };

/** Starts test/support/server-process.ts, which logs as `npm start` does; resolves with its URL. */
function startServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/server-process.ts'], {
    env: {
      ...process.env,
      ENTRA_CLIENT_ID: clientId,
      ENTRA_TENANT_ID: tenantId,
      ENTRA_AUTHORITY_HOST: signer.authority,
      SESSION_SECRET: sessionSecret,
      METRICS_TOKEN: metricsToken,
      DATABASE_PATH: tempDatabasePath(),
      LOG_LEVEL: 'trace',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const found = /Listening on (\S+)/.exec(output)?.[1];
      if (found) resolve(found);
    });
    void exited.then(() => reject(new Error(`the server exited before listening: ${output}`)));
  });
  return { url, stop: () => (child.kill('SIGTERM'), exited) };
}

/** Every part of a JWT that identifies it: the whole and its signature. */
const jwtParts = (name: string, jwt: string) => ({ [name]: jwt, [`${name} signature`]: jwt.split('.')[2]! });

beforeAll(async () => {
  signer = await startEntraSigner();
  const server = startServer();
  const url = await server.url;
  const call = apiClient(url);

  // Sign in: a nonce, its cookie, a real signed ID token that carries it.
  const nonceResponse = await fetch(`${url}/auth/nonce`);
  const { nonce } = (await nonceResponse.json()) as { nonce: string };
  const nonceCookie = nonceCookieOf(nonceResponse)!;
  const idToken = await signer.sign(signer.idTokenClaims({ nonce }));
  const signIn = await fetch(`${url}/auth/microsoft`, {
    method: 'POST',
    headers: { Origin: url, 'Content-Type': 'application/json', Cookie: `${nonceCookie.name}=${nonceCookie.value}` },
    body: JSON.stringify({ id_token: idToken }),
  });
  expect(signIn.status).toBe(200);
  const session = setCookies(signIn).get('ms-session')!.value;
  const cookie = `ms-session=${session}`;
  Object.assign(secrets, jwtParts('ID token', idToken), jwtParts('session cookie', session), {
    nonce,
    'nonce cookie': nonceCookie.value,
    'nonce cookie random part': nonceCookie.value.split('.')[1]!,
  });

  // Signed in, by cookie; a refused replay of the same sign-in; a bad origin; a bearer; a token in a query.
  expect((await call('GET', '/api/me', { cookie })).status).toBe(200);
  expect((await call('POST', '/api/tasks', { cookie, json: { title: 'a task' } })).status).toBe(201);
  const replay = await fetch(`${url}/auth/microsoft`, {
    method: 'POST',
    headers: { Origin: url, 'Content-Type': 'application/json', Cookie: `${nonceCookie.name}=${nonceCookie.value}` },
    body: JSON.stringify({ id_token: idToken }),
  });
  expect(replay.status).toBe(401);
  expect((await call('GET', '/api/me', { authorization: `Bearer ${idToken}` })).status).toBe(401);
  expect(
    (await call('POST', '/api/tasks', { cookie, origin: 'https://evil.example', json: { title: 'x' } })).status,
  ).toBe(403);
  const bearer = await signer.sign(signer.accessTokenClaims());
  Object.assign(secrets, jwtParts('bearer token', bearer));
  expect((await call('GET', '/api/tasks', { authorization: `Bearer ${bearer}` })).status).toBe(200);
  expect((await call('GET', `/api/tasks?access_token=${bearer}`, { cookie })).status).toBe(200);
  expect((await call('GET', '/metrics', { authorization: `Bearer ${metricsToken}` })).status).toBe(200);
  expect((await call('GET', '/metrics', { authorization: `Bearer ${metricsToken}-wrong` })).status).toBe(401);
  expect((await call('POST', '/auth/logout', { cookie })).status).toBe(204);
  expect((await call('GET', '/api/me', { cookie })).status).toBe(401);
  await server.stop();
}, 60_000);
afterAll(() => signer.close());

describe('the log of a full run', () => {
  it('holds the request lines and the security events (the grep below reads a real log)', () => {
    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.event === 'request').length).toBeGreaterThanOrEqual(13);
    expect(lines.map((line) => line.event)).toEqual(expect.arrayContaining(['token_refused', 'csrf_refused']));
    expect(lines.find((line) => line.route === '/auth/microsoft' && line.status === 200)).toHaveProperty('userId');
  });

  it('holds no token, cookie, nonce or secret', () => {
    expect(Object.keys(secrets)).toHaveLength(11);
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length, name).toBeGreaterThanOrEqual(20);
      expect(output.includes(value), `${name} in the log`).toBe(false);
    }
  });
});

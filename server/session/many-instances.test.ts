import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { clientId, type EntraSigner, startEntraSigner, tenantId } from '../../test/support/entra-signer.ts';
import { setCookies } from '../../test/support/http.ts';
import { type RedisServer, startRedis } from '../../test/support/redis.ts';
import { sessionSecret, tempDatabasePath } from '../../test/support/test-app.ts';

// Two server processes behind one (imagined) load balancer, sharing one Redis and one SESSION_SECRET,
// each with its own SQLite file: they must agree on sessions, nonces and rate limits.
const signInLimit = 4;
let signer: EntraSigner;
let redis: RedisServer;
const instances: { child: ChildProcess; url: string }[] = [];

async function startInstance(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/server-process.ts'], {
    env: {
      ...process.env,
      ENTRA_CLIENT_ID: clientId,
      ENTRA_TENANT_ID: tenantId,
      ENTRA_AUTHORITY_HOST: signer.authority,
      SESSION_SECRET: sessionSecret,
      DATABASE_PATH: tempDatabasePath(),
      REDIS_URL: redis.url,
      TEST_SIGN_IN_LIMIT: String(signInLimit),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Read to the end, not only to the first line: the instance's JSON log follows, and a pipe nobody reads
  // would fill up and stall it.
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! })
      .on('line', (line) => {
        const url = /^Listening on (\S+)/.exec(line)?.[1];
        if (url) resolve({ child, url });
      })
      .on('close', () => reject(new Error('the instance exited before listening')));
  });
}

beforeAll(async () => {
  signer = await startEntraSigner();
  redis = await startRedis();
  instances.push(...(await Promise.all([startInstance(), startInstance()])));
}, 60_000);
afterAll(async () => {
  await Promise.all(
    instances.map(({ child }) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))),
  );
  await redis.stop();
  await signer.close();
});

async function nonceFrom(url: string) {
  const response = await fetch(`${url}/auth/nonce`);
  const { nonce } = (await response.json()) as { nonce: string };
  const cookie = [...setCookies(response)].map(([name, { value }]) => `${name}=${value}`).join('; ');
  return { nonce, cookie };
}
const postToken = (url: string, token: string, cookie: string) =>
  fetch(`${url}/auth/microsoft`, {
    method: 'POST',
    headers: { Origin: url, 'Content-Type': 'application/json', Cookie: cookie },
    body: JSON.stringify({ id_token: token }),
  });

describe('two instances sharing Redis', () => {
  it('sign in on A, use the cookie on B, sign out on B: refused on A', async () => {
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const { nonce, cookie } = await nonceFrom(a.url);
    const signedIn = await postToken(a.url, await signer.sign(signer.idTokenClaims({ nonce })), cookie);
    expect(signedIn.status).toBe(200);
    const session = `ms-session=${setCookies(signedIn).get('ms-session')!.value}`;

    expect((await apiClient(b.url)('GET', '/api/me', { cookie: session })).status).toBe(200);
    expect((await apiClient(a.url)('GET', '/api/me', { cookie: session })).status).toBe(200); // now cached on A
    expect((await apiClient(b.url)('POST', '/auth/logout', { cookie: session })).status).toBe(204);
    // At once: B's pub/sub message empties A's cache before the next request (docs/deployment.md: within 2 s at worst).
    expect(await apiClient(a.url)('GET', '/api/me', { cookie: session })).toMatchObject({
      status: 401,
      body: { error: 'session_revoked' },
    });
  });

  it('redeems a nonce issued by A once on B, and refuses it on A afterwards', async () => {
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const { nonce, cookie } = await nonceFrom(a.url);
    const token = await signer.sign(signer.idTokenClaims({ nonce }));
    expect((await postToken(b.url, token, cookie)).status).toBe(200);
    const replay = await postToken(a.url, token, cookie);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'nonce_used' });
    expect(setCookies(replay).get('ms-session')).toBeUndefined();
  });

  it('counts sign-in attempts of one address across both instances', async () => {
    await redis.flush(); // a fresh minute: earlier tests spent some of the budget
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 2 * signInLimit; attempt += 1) {
      const { url } = instances[attempt % 2]!;
      statuses.push((await postToken(url, 'not-a-token', '')).status);
    }
    // One budget of signInLimit across both: with two budgets, no attempt would be refused before 2×.
    expect(statuses).toEqual([...Array(signInLimit).fill(401), ...Array(signInLimit).fill(429)]);
  });
});

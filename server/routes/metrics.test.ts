import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { type EntraSigner, startEntraSigner } from '../../test/support/entra-signer.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';

// GET /metrics (docs/deployment.md, "Logs and metrics"): not served without METRICS_TOKEN, only to its holder with one.
const metricsToken = 'metrics-token-of-at-least-32-bytes-0123';
let signer: EntraSigner;
let app: TestApp;

beforeAll(async () => {
  signer = await startEntraSigner();
  app = await startTestApp(signer, { METRICS_TOKEN: metricsToken });
});
afterAll(async () => {
  await app.close();
  await signer.close();
});

const scrape = (target: TestApp = app, authorization = `Bearer ${metricsToken}`) =>
  fetch(`${target.url}/metrics`, { headers: { Authorization: authorization } });

/** The value of the sample `name{labels}` in the Prometheus text, or 0 when it is not there yet. */
async function sample(name: string, labels: string, target: TestApp = app): Promise<number> {
  const text = await (await scrape(target)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('GET /metrics', () => {
  it('does not exist without METRICS_TOKEN', async () => {
    const other = await startTestApp(signer);
    try {
      const response = await scrape(other);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not_found' });
    } finally {
      await other.close();
    }
  });

  it('refuses a missing or wrong token with 401, without the metrics', async () => {
    for (const authorization of ['', `Bearer ${metricsToken}x`, `Bearer ${metricsToken.slice(0, -1)}`, metricsToken]) {
      const response = await scrape(app, authorization);
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      const body = await response.text();
      expect(JSON.parse(body)).toMatchObject({ error: 'metrics_token_invalid' });
      expect(body).not.toContain('ms_signin');
    }
  });

  it('answers the holder of the token in the Prometheus text format, with process metrics', async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    for (const name of [
      'ms_signin_sign_ins_total',
      'ms_signin_session_checks_total',
      'ms_signin_jwks_fetches_total',
      'http_request_duration_seconds',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(text).toContain(`# TYPE ${name} `);
    // The usual outcomes are there from the start, at 0 (no sign-in has happened yet here).
    for (const sample of [
      'ms_signin_sign_ins_total{outcome="success"} 0',
      'ms_signin_session_checks_total{result="valid"} 0',
      'ms_signin_jwks_fetches_total{result="failure"} 0',
    ])
      expect(text.split('\n')).toContain(sample);
  });
});

describe('the counters', () => {
  it('count sign-ins by outcome, and the JWKS fetch of the first one', async () => {
    const before = {
      success: await sample('ms_signin_sign_ins_total', 'outcome="success"'),
      mismatch: await sample('ms_signin_sign_ins_total', 'outcome="nonce_mismatch"'),
    };
    expect((await app.signIn()).response.status).toBe(200);
    expect((await app.signIn()).response.status).toBe(200);
    const { cookie } = await app.getNonce();
    const token = await signer.sign(signer.idTokenClaims({ nonce: 'not-the-cookies-nonce' }));
    expect((await app.postIdToken({ id_token: token }, { Cookie: cookie })).status).toBe(401);

    expect(await sample('ms_signin_sign_ins_total', 'outcome="success"')).toBe(before.success + 2);
    expect(await sample('ms_signin_sign_ins_total', 'outcome="nonce_mismatch"')).toBe(before.mismatch + 1);
    // Fetched for the first sign-in made here, then cached: every fetch the JWKS server saw, counted.
    expect(signer.state.jwksRequests).toBe(1);
    expect(await sample('ms_signin_jwks_fetches_total', 'result="success"')).toBe(1);
  });

  it('count JWKS failures: an unreachable provider and a 200 that is no key set', async () => {
    const down = await startEntraSigner();
    const other = await startTestApp(down, { METRICS_TOKEN: metricsToken }, { keySet: { cooldown: 0 } });
    try {
      down.state.mode = { kind: 'down' };
      expect((await other.signIn()).response.status).toBe(503);
      down.state.mode = { kind: 'body', status: 200, body: '<html>login</html>' };
      expect((await other.signIn()).response.status).toBe(503);
      expect(await sample('ms_signin_jwks_fetches_total', 'result="failure"', other)).toBe(2);
      expect(await sample('ms_signin_sign_ins_total', 'outcome="idp_unavailable"', other)).toBe(2);
      down.state.mode = { kind: 'ok' };
      expect((await other.signIn()).response.status).toBe(200);
      expect(await sample('ms_signin_jwks_fetches_total', 'result="success"', other)).toBe(1);
    } finally {
      await other.close();
      await down.close();
    }
  });

  it('count session checks by result', async () => {
    const call = apiClient(app.url);
    const cookie = (await app.signIn()).sessionCookie!;
    const valid = await sample('ms_signin_session_checks_total', 'result="valid"');
    const missing = await sample('ms_signin_session_checks_total', 'result="session_missing"');
    const revoked = await sample('ms_signin_session_checks_total', 'result="session_revoked"');
    expect((await call('GET', '/api/me', { cookie })).status).toBe(200);
    expect((await call('GET', '/api/tasks', { cookie })).status).toBe(200);
    expect((await call('GET', '/api/me')).status).toBe(401);
    expect((await call('POST', '/auth/logout', { cookie })).status).toBe(204);
    expect((await call('GET', '/api/me', { cookie })).status).toBe(401);
    expect(await sample('ms_signin_session_checks_total', 'result="valid"')).toBe(valid + 2);
    expect(await sample('ms_signin_session_checks_total', 'result="session_missing"')).toBe(missing + 1);
    expect(await sample('ms_signin_session_checks_total', 'result="session_revoked"')).toBe(revoked + 1);
    // A bearer token is not a session check.
    expect((await call('GET', '/api/me', { authorization: await app.bearer() })).status).toBe(200);
    expect(await sample('ms_signin_session_checks_total', 'result="valid"')).toBe(valid + 2);
  });

  it('time requests by method, route pattern and status, with one label for unknown paths', async () => {
    const count = (labels: string) => sample('http_request_duration_seconds_count', labels);
    const tasks = await count('method="PATCH",route="/api/tasks/:id",status="401"');
    const unmatched = await count('method="GET",route="unmatched",status="404"');
    for (const id of [1, 2, 3]) await apiClient(app.url)('PATCH', `/api/tasks/${id}`, { json: { completed: true } });
    for (const path of ['/a', '/b/c', '/d?e=f']) await fetch(`${app.url}${path}`);
    expect(await count('method="PATCH",route="/api/tasks/:id",status="401"')).toBe(tasks + 3);
    expect(await count('method="GET",route="unmatched",status="404"')).toBe(unmatched + 3);
    const text = await (await scrape()).text();
    expect(text).not.toMatch(/route="\/(a|b\/c|d)"/);
  });
});

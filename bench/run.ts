// npm run bench: request rates of the hot paths, against the real app (bench/target.ts) on loopback. Prints a table and
// writes bench/results.json. Numbers on a shared 2-core machine are noisy: compare ratios, not absolutes.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { startRedis } from '../test/support/redis.ts';

const duration = Number(process.env.BENCH_SECONDS ?? 5); // seconds per scenario
const connections = 50;

/** Starts bench/target.ts in its own process; `env` adds to this process's environment. */
async function startTarget(env: Record<string, string> = {}) {
  const target = spawn(process.execPath, ['--import', 'tsx', new URL('./target.ts', import.meta.url).pathname], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { value: firstLine } = await createInterface({ input: target.stdout })[Symbol.asyncIterator]().next();
  const started = JSON.parse(firstLine as string) as { url: string; sessionCookie: string; idToken: string };
  return { ...started, stop: () => target.kill() };
}

const { url, sessionCookie, idToken, stop } = await startTarget();

interface Scenario {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  expectStatus: number;
}

const scenarios: Scenario[] = [
  { name: 'GET /healthz (framework baseline)', path: '/healthz', expectStatus: 200 },
  { name: 'GET /auth/nonce (random + SHA-256 + cookie)', path: '/auth/nonce', expectStatus: 200 },
  {
    name: 'GET /api/me (HS256 session cookie, session record in SQLite)',
    path: '/api/me',
    headers: { Cookie: sessionCookie },
    expectStatus: 200,
  },
  { name: 'GET /api/me without a session (401)', path: '/api/me', expectStatus: 401 },
  {
    name: 'GET /api/tasks (session + SQLite read)',
    path: '/api/tasks',
    headers: { Cookie: sessionCookie },
    expectStatus: 200,
  },
  {
    name: 'POST /auth/microsoft (RS256 ID token → session)',
    path: '/auth/microsoft',
    method: 'POST',
    headers: { Origin: url, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id_token: idToken }),
    expectStatus: 200,
  },
];

async function measure(scenario: Scenario, url: string) {
  let unexpected = 0;
  const result = await autocannon({
    url: `${url}${scenario.path}`,
    method: scenario.method ?? 'GET',
    headers: scenario.headers,
    body: scenario.body,
    connections,
    duration,
    setupClient: (client) => {
      client.on('response', (statusCode: number) => {
        if (statusCode !== scenario.expectStatus) unexpected += 1;
      });
    },
  });
  return {
    scenario: scenario.name,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    unexpectedStatus: unexpected + result.errors + result.timeouts,
  };
}

const results = [];
for (const scenario of scenarios) results.push(await measure(scenario, url));
stop();

// The same cookie check with the session records in Redis (a local redis-server, as the tests start it).
const redis = await startRedis();
const shared = await startTarget({ REDIS_URL: redis.url });
const withRedis: Scenario = {
  name: 'GET /api/me (HS256 session cookie, session record in Redis)',
  path: '/api/me',
  headers: { Cookie: shared.sessionCookie },
  expectStatus: 200,
};
results.push(await measure(withRedis, shared.url));
shared.stop();
await redis.stop();

console.table(results);
writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, connections, durationSeconds: duration, results }, null, 2)}\n`,
);

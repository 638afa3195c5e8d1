// What `npm run bench` and bench/profile.ts share: the bundles, starting a server pinned to core 0 (taskset, where
// it exists) with its Entra stand-in, the scenarios, and one autocannon run with the server's CPU time per request.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { clientId, type EntraSigner, startEntraSigner, tenantId } from '../test/support/entra-signer.ts';
import { useRunTempFolder } from '../test/support/run-temp-folder.ts';
import { tempDatabasePath } from '../test/support/test-app.ts';

export const duration = Number(process.env.BENCH_SECONDS ?? 5); // seconds per scenario and round
export const connections = 50;
const sessionSecret = 'bench-session-secret-of-at-least-32-bytes!';
export const pinned = existsSync('/usr/bin/taskset') && cpus().length >= 2;
/** Moves this process (the load generator) to core 1, or back onto every core with `cores: 'all'`. */
export function pinLoadGenerator(cores: 'load' | 'all' = 'load') {
  const list = cores === 'all' ? `0-${cpus().length - 1}` : '1';
  if (pinned) execFileSync('taskset', ['-p', '-c', list, String(process.pid)], { stdio: 'ignore' });
}
/** The middle value of a run's samples (the upper one of an even count). */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const onServerCore = (args: string[]) =>
  (pinned ? ['taskset', ['-c', '0', ...args]] : [args[0]!, args.slice(1)]) as [string, string[]];

// Everything runs as bundled JavaScript, as `npm start` runs dist/server/main.js.
// Inside the repository, so that the bundles find node_modules (better-sqlite3 stays outside them).
export const work = 'dist/bench';

// The servers' databases go to one temporary folder, removed when the run ends (run.ts and profile.ts end
// with process.exit, which runs this).
process.on('exit', useRunTempFolder('ms-signin-bench-'));
// Servers still running when the run ends, finished or failed part-way, end with it.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/** Builds the product (`npm run build`) and the bundles of the bench's servers into {@link work}; `readable`: not minified. */
export function buildBundles({ readable = false } = {}) {
  mkdirSync(work, { recursive: true });
  // The whole build, as in production: dist/server/main.js refuses to start without the built page (dist/web).
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  const bundles = {
    product: 'bench/product-server.ts',
    express: 'bench/peers/express.ts',
    hono: 'bench/peers/hono-jose.ts',
    'host-app': 'bench/host-app.ts',
  };
  for (const [name, entry] of Object.entries(bundles)) {
    const args = ['scripts/build-server.mjs', entry, join(work, `${name}.js`), ...(readable ? ['--readable'] : [])];
    execFileSync(process.execPath, args, {
      stdio: 'inherit',
    });
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * Starts `file` on core 0 (on any core with `pin: false`); resolves once /healthz answers 200, with the time
 * that took (the cold start).
 */
export async function startServer(
  file: string,
  env: Record<string, string>,
  { pin = true, nodeOptions = [] as string[] } = {},
) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The product logs a JSON line per request, as in production: to a file, as a container runtime would.
  const log = openSync(join(work, `${port}.log`), 'w');
  const started = performance.now();
  const node = [process.execPath, ...nodeOptions, file];
  const [command, args] = pin ? onServerCore(node) : [node[0]!, node.slice(1)];
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`${file} exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const coldStartMs = Math.round(performance.now() - started);
  const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
  // CPU seconds (user + system) of the server and its workers so far: the cost of a request, whoever is waiting.
  const cpuSeconds = () =>
    [child.pid!, ...childPids(child.pid!)].reduce((sum, pid) => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime, in clock ticks
    }, 0);
  const stop = () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));
  return { url, coldStartMs, rssKb, cpuSeconds, stop };
}

const childPids = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);

export const productEnv = (signer: EntraSigner, extra: Record<string, string> = {}) => ({
  ENTRA_CLIENT_ID: clientId,
  ENTRA_TENANT_ID: tenantId,
  ENTRA_AUTHORITY_HOST: signer.authority,
  ENTRA_REQUIRE_NONCE: 'false', // one ID token posted again and again
  SESSION_SECRET: sessionSecret,
  DATABASE_PATH: tempDatabasePath(),
  ...extra,
});
export const peerEnv = (signer: EntraSigner) => ({
  JWKS_URL: `${signer.authority}/${tenantId}/discovery/v2.0/keys`,
  ISSUER: `${signer.authority}/${tenantId}/v2.0`,
  AUDIENCE: clientId,
  SESSION_SECRET: sessionSecret,
});

/** A server under test: one Entra stand-in each, so its JWKS fetches are its own; signed in once. */
export async function startSubject(
  name: string,
  file: string,
  env: (signer: EntraSigner) => Record<string, string>,
  options: Parameters<typeof startServer>[2] = {},
) {
  const signer = await startEntraSigner();
  const server = await startServer(file, env(signer), options);
  const idToken = await signer.sign(signer.idTokenClaims());
  const signIn = await fetch(`${server.url}/auth/microsoft`, {
    method: 'POST',
    headers: { Origin: server.url, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id_token: idToken }),
  });
  if (signIn.status !== 200) throw new Error(`${name}: sign-in answered ${signIn.status}`);
  const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
  return { name, signer, idToken, cookie, ...server };
}
export type Subject = Awaited<ReturnType<typeof startSubject>>;

export interface Scenario {
  path: string;
  method?: 'GET' | 'POST';
  headers?: (subject: Subject) => Record<string, string>;
  body?: (subject: Subject) => string;
  expectStatus: number;
}
export const scenarios: Record<string, Scenario> = {
  'GET /healthz': { path: '/healthz', expectStatus: 200 },
  'GET /api/me with the session cookie': { path: '/api/me', headers: (s) => ({ Cookie: s.cookie }), expectStatus: 200 },
  'GET /api/me, no cookie (401)': { path: '/api/me', expectStatus: 401 },
  'POST /auth/microsoft (RS256 ID token → session)': {
    path: '/auth/microsoft',
    method: 'POST',
    headers: (s) => ({ Origin: s.url, 'Content-Type': 'application/json' }),
    body: (s) => JSON.stringify({ id_token: s.idToken }),
    expectStatus: 200,
  },
};
/** Forward auth, as nginx's `auth_request` asks before each request to a site's own backend: the product's alone. */
export const forwardAuth: Record<string, Scenario> = {
  'GET /auth/check with the session cookie (forward auth)': {
    path: '/auth/check',
    headers: (s) => ({ Cookie: s.cookie }),
    expectStatus: 200,
  },
};

/** A host's own Hono app with ms-signin/hono (host-app.ts): its route behind requireUser(). */
export const hostApp: Record<string, Scenario> = {
  'GET /hello behind requireUser() in a host Hono app (ms-signin/hono)': {
    path: '/hello',
    headers: (s) => ({ Cookie: s.cookie }),
    expectStatus: 200,
  },
};

/** Requests per second of `scenario`; throws when any response had another status (the run is invalid). */
export async function measure(subject: Subject, name: string, scenario: Scenario, seconds = duration): Promise<number> {
  return (await measureWithCpu(subject, name, scenario, seconds)).rate;
}

/** {@link measure}, with the server's CPU time per request in microseconds (all its processes). */
export async function measureWithCpu(subject: Subject, name: string, scenario: Scenario, seconds = duration) {
  let unexpected = 0;
  const cpuBefore = subject.cpuSeconds();
  const result = await autocannon({
    url: `${subject.url}${scenario.path}`,
    method: scenario.method ?? 'GET',
    headers: scenario.headers?.(subject),
    body: scenario.body?.(subject),
    connections,
    duration: seconds,
    setupClient: (client) =>
      client.on('response', (status: number) => {
        if (status !== scenario.expectStatus) unexpected += 1;
      }),
  });
  if (unexpected + result.errors + result.timeouts > 0) {
    throw new Error(
      `${subject.name} ${name}: ${unexpected} unexpected statuses, ${result.errors} errors: the run is invalid`,
    );
  }
  const cpuUsPerRequest = Math.round(((subject.cpuSeconds() - cpuBefore) * 1e6) / result.requests.total);
  return { rate: result.requests.average, cpuUsPerRequest };
}

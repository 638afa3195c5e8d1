import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import users from '../server/dev-idp/users.json' with { type: 'json' };
import { drainTimeoutMs } from '../server/shutdown.ts';
import { openDatabase } from '../server/store/database.ts';
import { markReadOnlyForSqlite } from '../test/support/read-only-database.ts';
import { tempDatabasePath } from '../test/support/test-app.ts';
import {
  build,
  clientId,
  connectOutcome,
  pause,
  productionEnv,
  type RunningServer,
  sessionCookie,
  slowTaskUpload,
  startFailure,
  startServer,
  tenantId,
} from './production-process.ts';

// As a person deploying it would (docs/deployment.md, "Run it in production"): `npm run build`, then the compiled
// server, `node dist/server/main.js` or `npm start`, as a real process: production rules, signals, failed starts.
const running: RunningServer[] = [];
let server: RunningServer;
let url: string;
let databasePathOfServer: string;

/** Starts `node dist/server/main.js` with `env`, stopped after the tests if a test has not stopped it. */
async function startBuilt(env: NodeJS.ProcessEnv) {
  const started = await startServer(process.execPath, ['dist/server/main.js'], env);
  running.push(started);
  return started;
}

/** Resolves with the exit, or with 'still running' once the drain time and a generous margin have passed. */
const exitWithinDrain = (target: RunningServer) =>
  Promise.race([target.exited, pause(drainTimeoutMs + 10_000).then(() => 'still running' as const)]);

beforeAll(async () => {
  await build();
  databasePathOfServer = tempDatabasePath();
  server = await startBuilt(productionEnv(databasePathOfServer));
  url = server.url;
}, 180_000);
afterAll(() => {
  for (const { child } of running) child.kill('SIGKILL');
});

describe('the build', () => {
  it('bundles the production server into one file and lazy chunks, without the development provider, dev servers or tests', () => {
    expect((readdirSync('dist/server') as string[]).sort()).toEqual(['chunks', 'main.js', 'main.js.map', 'swagger-ui']);
    // Swagger UI's two files travel with the bundle: swagger-ui-dist (12 MB) is a build tool, not a dependency.
    expect((readdirSync('dist/server/swagger-ui') as string[]).sort()).toEqual([
      'swagger-ui-bundle.js',
      'swagger-ui.css',
    ]);
    expect(Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies)).not.toContain('swagger-ui-dist');
    // Redis and prom-client are read only when configured (REDIS_URL, METRICS_TOKEN): each in a chunk of its own.
    const chunks = readdirSync('dist/server/chunks') as string[];
    expect(chunks.some((name) => /^redis-.*\.js$/.test(name))).toBe(true);
    expect(chunks.some((name) => /^prometheus-metrics-.*\.js$/.test(name))).toBe(true);
    // The source maps name every module inside (the bundle itself is minified).
    const maps = ['main.js.map', ...chunks.filter((name) => name.endsWith('.map')).map((name) => `chunks/${name}`)];
    const sources = maps.flatMap(
      (map) => (JSON.parse(readFileSync(`dist/server/${map}`, 'utf8')) as { sources: string[] }).sources,
    );
    const bundled = sources.join('\n');
    expect(bundled).toContain('server/store/database.ts');
    expect(bundled).not.toMatch(/server\/(dev-idp\/|dev\.ts|dev-server\.ts|example-site\.ts)|\.test\.ts/);
    expect(bundled).not.toMatch(/node_modules\/pino-pretty\//); // a development dependency
    // zod's messages in English only: its other languages were a quarter of the bundle (scripts/build-server.mjs).
    expect(bundled).toContain('node_modules/zod/v4/locales/en.js');
    expect(bundled).not.toMatch(/node_modules\/zod\/v4\/locales\/(?!en\.js)/);
  });
});

describe('the production server', () => {
  it('serves the built demo page and its redirect page', async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in with Microsoft');
    const redirect = await fetch(`${url}/redirect.html`);
    expect(redirect.status).toBe(200);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    expect(redirect.headers.get('cross-origin-opener-policy')).toBeNull();
  });

  it('serves the API reference with the Swagger UI files the build carries', async () => {
    const css = await fetch(`${url}/docs/swagger-ui.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${url}/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('says, when it listens on every interface (HOST unset), what that means and the address to open', async () => {
    const databasePath = tempDatabasePath();
    const everywhere = await startBuilt(productionEnv(databasePath, { HOST: undefined }));
    const port = everywhere.port;
    expect(await everywhere.waitForLine(/^Listening on /)).toBe(
      `Listening on http://0.0.0.0:${port} (every network interface, http://localhost:${port} on this machine; ` +
        `sessions in SQLite (${databasePath}))`,
    );
    everywhere.child.kill('SIGTERM');
    expect(await exitWithinDrain(everywhere)).toEqual({ code: 0, signal: null });
  });

  it('configures MSAL for real Microsoft Entra ID', async () => {
    const settings = (await (await fetch(`${url}/auth/config`)).json()) as Record<string, unknown>;
    expect(settings).toMatchObject({ clientId, authority: `https://login.microsoftonline.com/${tenantId}` });
    expect(settings.authorityMetadata).toBeUndefined();
  });

  it('has no development identity provider', async () => {
    const devTenant = users.tenantId;
    for (const path of [
      `/${devTenant}/oauth2/v2.0/authorize`,
      `/${devTenant}/discovery/v2.0/keys`,
      '/common/v2.0/.well-known/openid-configuration',
    ]) {
      expect((await fetch(`${url}${path}`)).status).toBe(404);
    }
  });

  it('sets Secure __Host- cookies and HSTS', async () => {
    const response = await fetch(`${url}/auth/nonce`);
    expect(response.headers.getSetCookie()[0]).toMatch(/^__Host-ms-nonce-[0-9a-f]{8}=.*; Secure/);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('runs production rules when NODE_ENV is not set at all (a Docker CMD of node alone)', async () => {
    const bare = await startBuilt(productionEnv(tempDatabasePath(), { NODE_ENV: undefined }));
    const response = await fetch(`${bare.url}/auth/nonce`);
    expect(response.headers.getSetCookie()[0]).toMatch(/^__Host-ms-nonce-[0-9a-f]{8}=.*; Secure/);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    bare.child.kill('SIGTERM');
    expect(await exitWithinDrain(bare)).toEqual({ code: 0, signal: null });
  });

  it('loads prom-client from its chunk when METRICS_TOKEN is set, and serves /metrics', async () => {
    const token = 'metrics-token-of-the-production-test-0123456789';
    const measured = await startBuilt(productionEnv(tempDatabasePath(), { METRICS_TOKEN: token }));
    await fetch(`${measured.url}/healthz`);
    const response = await fetch(`${measured.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^http_request_duration_seconds_count\{.*route="\/healthz".*\} 1$/m);
    // Without the token there is nothing to serve, and nothing is counted.
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    measured.child.kill('SIGTERM');
    expect(await exitWithinDrain(measured)).toEqual({ code: 0, signal: null });
  });
});

describe('validation in the bundle', () => {
  it('validates bodies with zod, bundled without its other languages', async () => {
    const response = await fetch(`${url}/api/tasks`, {
      method: 'POST',
      headers: { Cookie: await sessionCookie(databasePathOfServer), Origin: url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 5 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_body',
      message: 'title must be a string.',
    });
  });
});

describe('stopping', () => {
  it('on SIGTERM refuses new connections, answers all 20 requests in flight, closes the database, exits 0', async () => {
    const databasePath = tempDatabasePath();
    const target = await startBuilt(productionEnv(databasePath));
    const cookie = await sessionCookie(databasePath);
    const uploads = Array.from({ length: 20 }, (_, index) => slowTaskUpload(target.port, cookie, `Task ${index + 1}`));
    await Promise.all(uploads.map((upload) => upload.inFlight)); // every request begun, half its body sent

    target.child.kill('SIGTERM');
    await target.waitForLine(/^SIGTERM: finishing the requests in flight/);
    expect(await connectOutcome(target.port)).toBe('ECONNREFUSED');
    for (const upload of uploads) upload.finish();
    const replies = await Promise.all(uploads.map((upload) => upload.reply));

    expect(replies.map(({ status, connection }) => ({ status, connection }))).toEqual(
      Array(20).fill({ status: 201, connection: 'close' }),
    );
    expect(await exitWithinDrain(target)).toEqual({ code: 0, signal: null });
    await target.waitForLine(/^Stopped\.$/);
    expect(target.stderr()).toBe('');
    // Every task is in the database file itself: closed after the last request, its WAL checkpointed.
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
    const database = new Sqlite(databasePath, { readonly: true });
    try {
      expect(database.prepare('SELECT count(*) FROM tasks').pluck().get()).toBe(20);
    } finally {
      database.close();
    }
  });

  it('takes a Ctrl-C that arrives twice at once (terminal and npm) as one stop, and still drains', async () => {
    const databasePath = tempDatabasePath();
    const target = await startBuilt(productionEnv(databasePath));
    const upload = slowTaskUpload(target.port, await sessionCookie(databasePath), 'Finished after Ctrl-C');
    await upload.inFlight;

    target.child.kill('SIGINT');
    target.child.kill('SIGINT');
    await target.waitForLine(/^SIGINT: finishing the requests in flight/);
    upload.finish();

    expect((await upload.reply).status).toBe(201);
    expect(await exitWithinDrain(target)).toEqual({ code: 0, signal: null });
  });

  it('stops at once on a second signal during the drain', async () => {
    const databasePath = tempDatabasePath();
    const target = await startBuilt(productionEnv(databasePath));
    const upload = slowTaskUpload(target.port, await sessionCookie(databasePath), 'Never finished');
    const reply = upload.reply.catch((error: NodeJS.ErrnoException) => error.code);
    await upload.inFlight;

    target.child.kill('SIGTERM');
    await target.waitForLine(/^SIGTERM: finishing/);
    await pause(1_500); // past the window in which a repeat counts as the same stop
    target.child.kill('SIGTERM');

    expect(await exitWithinDrain(target)).toEqual({ code: 1, signal: null });
    expect(target.stderr()).toMatch(/^SIGTERM again: stopping now/);
    expect(await reply).toBe('ECONNRESET');
  });

  it('stops when SIGTERM reaches `npm start` alone (docker stop with npm as PID 1): no server left answering', async () => {
    const databasePath = tempDatabasePath();
    const target = await startServer('npm', ['start'], productionEnv(databasePath));
    running.push(target);
    const upload = slowTaskUpload(target.port, await sessionCookie(databasePath), 'Finished under npm start');
    await upload.inFlight;

    target.child.kill('SIGTERM'); // npm's own process, not its group: what Docker does to PID 1
    await target.waitForLine(/^SIGTERM: finishing the requests in flight/); // npm forwarded it to the server
    upload.finish();

    expect((await upload.reply).status).toBe(201);
    expect(await exitWithinDrain(target)).toEqual({ code: 0, signal: null });
    expect(await connectOutcome(target.port)).toBe('ECONNREFUSED');
  });
});

describe('a failed start', () => {
  it('names DATABASE_PATH in one line when the file is not SQLite, and exits 1', async () => {
    const databasePath = tempDatabasePath();
    writeFileSync(databasePath, 'Not a database: a text file where the database should be.\n'.repeat(100));
    expect(await startFailure(productionEnv(databasePath))).toEqual({
      code: 1,
      stderrLines: [
        `Could not start: cannot open the database ${databasePath} (DATABASE_PATH): file is not a database`,
      ],
    });
  });

  it('names DATABASE_PATH in one line when the database is read-only, and exits 1', async () => {
    const databasePath = tempDatabasePath();
    openDatabase(databasePath).close();
    markReadOnlyForSqlite(databasePath);
    expect(await startFailure(productionEnv(databasePath))).toEqual({
      code: 1,
      stderrLines: [
        `Could not start: cannot open the database ${databasePath} (DATABASE_PATH): attempt to write a readonly database`,
      ],
    });
  });

  it('names DATABASE_PATH in one line when its folder would be under a regular file, and exits 1', async () => {
    const file = tempDatabasePath();
    writeFileSync(file, 'a regular file');
    const databasePath = join(file, 'data', 'app.db');
    const { code, stderrLines } = await startFailure(productionEnv(databasePath));
    expect(code).toBe(1);
    expect(stderrLines).toEqual([
      expect.stringMatching(/^Could not start: cannot open the database .*app\.db \(DATABASE_PATH\): ENOTDIR/),
    ]);
  });

  it('refuses a NODE_ENV other than production, in one line, from node and from npm start alike', async () => {
    const refusal = {
      code: 1,
      stderrLines: [
        'Configuration error: NODE_ENV must be production or unset for the production server, not "development" ' +
          '(npm run dev is the development server). See docs/configuration.md.',
      ],
    };
    const env = productionEnv(tempDatabasePath(), { NODE_ENV: 'development' });
    expect(await startFailure(env)).toEqual(refusal);
    // As docs/deployment.md says: the script does not override NODE_ENV, so this refusal is what npm start gives.
    expect(await startFailure(env, ['npm', '--silent', 'start'])).toEqual(refusal);
  });
});

describe('WEB_CONCURRENCY=2 (cluster.ts)', () => {
  /** The pid in the first request log line of `route` not written by one of `except`. */
  const pidOfLine = async (target: RunningServer, route: string, except: string[] = []) => {
    const others = except.map((pid) => `(?!.*"pid":${pid},)`).join('');
    const line = await target.waitForLine(new RegExp(`^${others}.*"route":"${route.replaceAll('/', '\\/')}"`));
    return /"pid":(\d+),/.exec(line)![1]!;
  };
  /** GET `path` on a new connection each time: the primary hands connections to the workers in turn. */
  const getOnNewConnection = (target: RunningServer, path: string, cookie?: string) =>
    fetch(`${target.url}${path}`, { headers: { Connection: 'close', ...(cookie && { Cookie: cookie }) } });

  it('serves from both workers, a session from either, ended for both by one sign-out, and stops with exit 0', async () => {
    const databasePath = tempDatabasePath();
    const target = await startBuilt(productionEnv(databasePath, { WEB_CONCURRENCY: '2' }));
    expect(await target.waitForLine(/^Listening on /)).toMatch(/, 2 workers\)$/);
    const cookie = await sessionCookie(databasePath);
    const statuses = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await getOnNewConnection(target, '/api/me', cookie)).status);
    expect(statuses).toEqual(Array(8).fill(200)); // the session record is in the shared SQLite file
    const first = await pidOfLine(target, '/api/me');
    const second = await pidOfLine(target, '/api/me', [first]);
    expect(second).not.toBe(first);
    expect(String(target.child.pid)).not.toMatch(new RegExp(`^(${first}|${second})$`)); // the primary serves nothing
    // Both workers have read (and cached) the record; a sign-out through either ends it for both.
    const signOut = await fetch(`${target.url}/auth/logout`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: target.url },
    });
    expect(signOut.ok).toBe(true);
    const after = [];
    for (let i = 0; i < 8; i += 1) after.push((await getOnNewConnection(target, '/api/me', cookie)).status);
    expect(after).toEqual(Array(8).fill(401));

    target.child.kill('SIGTERM');
    expect(await exitWithinDrain(target)).toEqual({ code: 0, signal: null });
    await target.waitForLine(/^SIGTERM: finishing the requests in flight/);
    await target.waitForLine(/^Stopped\.$/);
    expect(target.stderr()).toBe('');
  });

  it('drains the requests in flight in every worker on SIGTERM', async () => {
    const databasePath = tempDatabasePath();
    const target = await startBuilt(productionEnv(databasePath, { WEB_CONCURRENCY: '2' }));
    const cookie = await sessionCookie(databasePath);
    const uploads = Array.from({ length: 6 }, (_, index) => slowTaskUpload(target.port, cookie, `Task ${index + 1}`));
    await Promise.all(uploads.map((upload) => upload.inFlight));

    target.child.kill('SIGTERM');
    await target.waitForLine(/^SIGTERM: finishing the requests in flight/);
    expect(await connectOutcome(target.port)).toBe('ECONNREFUSED');
    for (const upload of uploads) upload.finish();
    const replies = await Promise.all(uploads.map((upload) => upload.reply));
    expect(replies.map(({ status }) => status)).toEqual(Array(6).fill(201));
    expect(await exitWithinDrain(target)).toEqual({ code: 0, signal: null });
    const pids = new Set<string>();
    for (let i = 1; i <= 6 && pids.size < 2; i += 1) pids.add(await pidOfLine(target, '/api/tasks', [...pids]));
    expect(pids.size).toBe(2); // both workers had uploads in flight
  });

  it('starts another worker when one dies, and keeps serving', async () => {
    const target = await startBuilt(productionEnv(tempDatabasePath(), { WEB_CONCURRENCY: '2' }));
    for (let i = 0; i < 4; i += 1) await getOnNewConnection(target, '/healthz');
    const victim = await pidOfLine(target, '/healthz');
    const survivor = await pidOfLine(target, '/healthz', [victim]);
    process.kill(Number(victim), 'SIGKILL');
    await until(() => /exited with signal SIGKILL: starting another/.test(target.stderr()));
    let replacement: string | undefined;
    void pidOfLine(target, '/healthz', [victim, survivor]).then((pid) => (replacement = pid));
    while (replacement === undefined) {
      expect((await getOnNewConnection(target, '/healthz')).status).toBe(200);
      await pause(50);
    }
    target.child.kill('SIGTERM');
    expect(await exitWithinDrain(target)).toEqual({ code: 0, signal: null });
  });

  it('explains a failed start in one line however many workers fail, and exits 1', async () => {
    const databasePath = tempDatabasePath();
    writeFileSync(databasePath, 'Not a database.\n'.repeat(100));
    expect(await startFailure(productionEnv(databasePath, { WEB_CONCURRENCY: '2' }))).toEqual({
      code: 1,
      stderrLines: [
        `Could not start: cannot open the database ${databasePath} (DATABASE_PATH): file is not a database`,
      ],
    });
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const port = String((taken.address() as AddressInfo).port);
    try {
      expect(await startFailure(productionEnv(tempDatabasePath(), { WEB_CONCURRENCY: '2', PORT: port }))).toEqual({
        code: 1,
        stderrLines: [`Port ${port} is in use: set PORT to another one.`],
      });
    } finally {
      taken.close();
    }
    expect(await startFailure(productionEnv(tempDatabasePath(), { WEB_CONCURRENCY: 'many' }))).toEqual({
      code: 1,
      stderrLines: [
        'Configuration error: WEB_CONCURRENCY must be a whole number from 1 to 64, or auto, not "many". ' +
          'See docs/configuration.md.',
      ],
    });
  });
});

/** Resolves once `check()` holds; the test's own timeout bounds the wait. */
async function until(check: () => boolean) {
  while (!check()) await pause(20);
}

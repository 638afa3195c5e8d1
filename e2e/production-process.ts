// The built production server as a real child process, for e2e/production.test.ts: build, start, watch, stop.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { plantSession } from '../test/support/planted-session.ts';

export const clientId = '6b8f1c2d-3e4a-4b5c-8d6e-7f8091a2b3c4';
export const tenantId = '3f1a6a2e-8c1b-4f5e-9a7d-2b6c4d8e0f11';
const sessionSecret = 'a-production-secret-of-at-least-32-bytes';

/** `npm run build`, as README.md says: the page and the element (Vite), then the server (tsc). */
export async function build(): Promise<void> {
  await promisify(execFile)('npm', ['run', '--silent', 'build'], { maxBuffer: 16 * 1024 * 1024 });
}

/** The environment of a production start on a free port of 127.0.0.1; `overrides` win (undefined removes). */
export function productionEnv(databasePath: string, overrides: Record<string, string | undefined> = {}) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    ENTRA_CLIENT_ID: clientId,
    ENTRA_TENANT_ID: tenantId,
    SESSION_SECRET: sessionSecret,
    DATABASE_PATH: databasePath,
    ...overrides,
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env as NodeJS.ProcessEnv;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A started server process: its URL, its stdout so far, and its exit. */
export interface RunningServer {
  child: ChildProcess;
  url: string;
  port: number;
  /** Resolves with the first stdout line matching `pattern` (from the start of the output). */
  waitForLine(pattern: RegExp): Promise<string>;
  exited: Promise<Exit>;
  stderr(): string;
}

/** Spawns `command` and resolves once it prints `Listening on <url>`; rejects if it exits first. */
export async function startServer(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters) wake();
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const waitForLine = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = lines.find((candidate) => pattern.test(candidate));
        if (line === undefined) return;
        waiters.delete(check);
        resolve(line);
      };
      waiters.add(check);
      check();
      void exited.then(() => {
        waiters.delete(check);
        reject(new Error(`${command} exited before printing ${pattern}; stderr: ${stderr}`));
      });
    });

  const url = /Listening on (\S+)/.exec(await waitForLine(/Listening on /))![1]!;
  return { child, url, port: Number(new URL(url).port), waitForLine, exited, stderr: () => stderr };
}

/** Runs the built server expecting a failed start: its exit code and stderr lines. */
export async function startFailure(
  env: NodeJS.ProcessEnv,
  commandLine: string[] = [process.execPath, 'dist/server/main.js'],
): Promise<{ code: number | null; stderrLines: string[] }> {
  const [command, ...args] = commandLine;
  const result = await promisify(execFile)(command!, args, { env, timeout: 60_000 }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number | null; stderr: string }) => error,
  );
  return { code: result.code, stderrLines: result.stderr.trim().split('\n') };
}

/** Resolves with the error code of a new TCP connection to `port` (ECONNREFUSED when nothing listens), or 'connected'. */
export function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** The `Cookie` header of a valid session in the database at `databasePath`, signed with the server's secret. */
export async function sessionCookie(databasePath: string): Promise<string> {
  const user = { id: 'shutdown-test-user', tenantId, name: 'Shutdown Test', email: 'shutdown@example.com', roles: [] };
  // Production cookies carry the __Host- prefix (server/session/cookies.ts).
  return `__Host-ms-session=${await plantSession(databasePath, sessionSecret, user)}`;
}

export interface Reply {
  status: number;
  connection: string | undefined;
  body: string;
}

/**
 * A `POST /api/tasks` whose body is sent in two parts: a real request that stays in flight, in the
 * server's hands, for as long as the test holds the second part. `inFlight` resolves when the server has
 * read the headers and begun the request: it answers `Expect: 100-continue` with `100 Continue` only then.
 */
export function slowTaskUpload(port: number, cookie: string, title: string) {
  const body = JSON.stringify({ title });
  const cut = Math.floor(body.length / 2);
  let finish!: () => void;
  let inFlight!: Promise<void>;
  const reply = new Promise<Reply>((resolve, reject) => {
    const upload = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/tasks',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Cookie: cookie,
          Origin: `http://127.0.0.1:${port}`,
          Expect: '100-continue',
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, connection: response.headers.connection, body: text }),
        );
      },
    ).on('error', reject);
    inFlight = new Promise<void>((resolve) =>
      upload.once('continue', () => upload.write(body.slice(0, cut), () => resolve())),
    );
    upload.flushHeaders();
    finish = () => upload.end(body.slice(cut));
  });
  return { inFlight, finish, reply };
}

/** Resolves after `ms`; for the test's own pacing only, never as a measure of the server. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

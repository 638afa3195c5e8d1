// A real nginx (Debian's, installed by .ci/run when missing) started by a test in a throw-away folder with
// a generated main configuration around the site configuration under test, and stopped by its PID.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const candidates = [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/bin/nginx'];

export interface Nginx {
  /** PID of the master process. */
  pid: number;
  /** One line per request: `METHOD PATH STATUS UPSTREAM` (the instance's address, `-` for none). */
  accessLog(): string[];
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Fills the `${NAME}` placeholders of a template with `values`. Throws when a placeholder has no value or
 * a value is not used, so that a template and its test cannot drift apart. nginx's own `$name` variables
 * are left alone.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  const unused = new Set(Object.keys(values));
  const result = template.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the template's placeholder \${${name}} has no value`);
    unused.delete(name);
    return value;
  });
  if (unused.size) throw new Error(`no placeholder in the template for ${[...unused].join(', ')}`);
  return result;
}

/**
 * Starts nginx with `siteConfig` (server and upstream blocks, as in conf.d/) inside a generated http { }
 * block, and resolves once `port` on 127.0.0.1 accepts connections. Everything nginx writes (pid, logs,
 * temporary files) stays in a fresh folder, removed by `stop()`.
 */
export async function startNginx(siteConfig: string, port: number): Promise<Nginx> {
  const executable = candidates.find((path): path is string => Boolean(path && existsSync(path)));
  if (!executable) throw new Error('nginx not found: install it (apt-get install nginx) or set NGINX_PATH.');
  const dir = mkdtempSync(join(tmpdir(), 'ms-signin-nginx-'));
  // Started as root, nginx runs its workers as nobody, who must reach the temporary files kept here.
  chmodSync(dir, 0o755);
  const path = (name: string) => join(dir, name);
  writeFileSync(path('site.conf'), siteConfig);
  writeFileSync(
    path('nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${path('nginx.pid')};
error_log ${path('error.log')} warn;
events { worker_connections 256; }
http {
  types { text/html html; text/css css; text/javascript js; image/svg+xml svg; image/png png; }
  default_type application/octet-stream;
  client_body_temp_path ${path('client_body')};
  proxy_temp_path ${path('proxy')};
  fastcgi_temp_path ${path('fastcgi')};
  uwsgi_temp_path ${path('uwsgi')};
  scgi_temp_path ${path('scgi')};
  # Paths without the query string: no value of a request's parameters ends up in the log.
  log_format upstreams '$request_method $uri $status $upstream_addr';
  access_log ${path('access.log')} upstreams;
  include ${path('site.conf')};
}
`,
  );

  // -e: the error log from the first moment, before the configuration is read (else /var/log/nginx).
  const child = spawn(executable, ['-p', `${dir}/`, '-c', path('nginx.conf'), '-e', path('error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readLog = (name: string) => (existsSync(path(name)) ? readFileSync(path(name), 'utf8') : '');

  const stop = async () => {
    await kill(child, exited);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, exited, () => `${stderr}${readLog('error.log')}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid: child.pid!,
    accessLog: () => readLog('access.log').split('\n').filter(Boolean),
    errorLog: () => readLog('error.log'),
    stop,
  };
}

/** SIGTERM to the master (a fast shutdown: it stops its workers), then waits for its exit. */
async function kill(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}

async function waitForPort(port: number, exited: Promise<void>, diagnostics: () => string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (gone) throw new Error(`nginx exited at start: ${diagnostics()}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nginx did not listen on port ${port}: ${diagnostics()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// The deployment of examples/nginx as real processes, for e2e/nginx.test.ts: nginx with TLS in front of two
// production instances sharing a Redis, a Python backend behind auth_request, and an identity provider.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { createBuilder } from 'vite';
import { createDevIdp } from '../server/dev-idp/dev-idp.ts';
import { exampleAuthOrigin } from '../server/example-site.ts';
import { type Certificate, selfSignedCertificate } from '../test/support/certificate.ts';
import { type Nginx, renderTemplate, startNginx } from '../test/support/nginx.ts';
import { freePort, type RedisServer, startRedis } from '../test/support/redis.ts';

const repository = new URL('..', import.meta.url).pathname;
const template = join(repository, 'examples/nginx/ms-signin.conf.template');
export const sessionSecret = 'the-instances-share-this-secret-of-32-bytes';

export interface ChildServer {
  child: ChildProcess;
  port: number;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

export interface NginxStack {
  /** The public origin, as a browser opens it: `https://localhost:<port>`. */
  origin: string;
  port: number;
  /** nginx's certificate, which a Node client can trust (`ca`). */
  certificate: Certificate;
  nginx: Nginx;
  /** The auth server's instances, as running now (see stopInstance and startInstance). */
  instances: ChildServer[];
  backend: ChildServer;
  redis: RedisServer;
  /** Stops instance `index` with SIGTERM, as a rolling restart does (it drains), and waits for its exit. */
  stopInstance(index: number): Promise<void>;
  /** Starts instance `index` again on its port, and resolves once its `/healthz` answers 200. */
  startInstance(index: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts everything on free ports of 127.0.0.1, in a throw-away folder. The instances are the production
 * entry point (server/main.ts, NODE_ENV=production: `__Host-` cookies, https authority only), so the
 * identity provider is the development one served over https with the same self-signed certificate, which
 * the instances trust through NODE_EXTRA_CA_CERTS. As examples/nginx/README.md says: no ALLOWED_ORIGINS (one
 * origin), TRUST_PROXY naming nginx's address.
 */
export async function startNginxStack(): Promise<NginxStack> {
  const dir = mkdtempSync(join(tmpdir(), 'ms-signin-nginx-stack-'));
  const stops: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    const certificate = await selfSignedCertificate(dir);
    const port = await freePort();
    const origin = `https://localhost:${port}`;
    // Each part is registered for stopping as soon as it runs, so a failed start leaves nothing behind.
    const started = <T>(part: Promise<T>, stopPart: (value: T) => Promise<void>) =>
      part.then((value) => (stops.push(() => stopPart(value)), value));
    const [redis, idp, backend] = await Promise.all([
      started(startRedis(), (redis) => redis.stop()),
      started(startIdentityProvider(certificate, origin), (idp) => idp.close()),
      started(startBackend(), stopProcess),
      buildSdk(join(dir, 'run/dist/sdk')),
    ]);

    // npm start's layout, in a folder of its own: dist/sdk and dist/web there, not the repository's dist/,
    // which other tests rebuild. (dist/web only has to exist: nginx serves the site.)
    mkdirSync(join(dir, 'run/dist/web'), { recursive: true });
    const env = (name: string, port = 0) => ({
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      ENTRA_CLIENT_ID: idp.clientId,
      ENTRA_TENANT_ID: idp.tenantId,
      ENTRA_AUTHORITY_HOST: idp.url,
      NODE_EXTRA_CA_CERTS: certificate.certPath,
      SESSION_SECRET: sessionSecret,
      REDIS_URL: redis.url,
      DATABASE_PATH: join(dir, `${name}.db`),
      // Exactly nginx's address, not all of loopback: the test's clients on 127.0.0.2 and up are not proxies.
      TRUST_PROXY: '127.0.0.1',
    });
    const main = join(repository, 'server/main.ts');
    const tsx = import.meta.resolve('tsx');
    const names = ['one', 'two'];
    const launch = (name: string, port?: number) =>
      startProcess(process.execPath, ['--import', tsx, main], env(name, port), join(dir, 'run'));
    const instances = await Promise.all(names.map((name) => started(launch(name), stopProcess)));
    // The instances running at the end, restarted ones included.
    stops.push(async () => void (await Promise.all(instances.map(stopProcess))));

    // examples/static-site as its owner would put it behind this nginx: the auth server at its own origin.
    // Readable by nginx's workers, which run as nobody when the test runs as root (the key stays 0600).
    chmodSync(dir, 0o755);
    const site = join(dir, 'site');
    cpSync(join(repository, 'examples/static-site'), site, { recursive: true });
    for (const file of readdirSync(site).filter((name) => name.endsWith('.html'))) {
      const html = readFileSync(join(site, file), 'utf8');
      writeFileSync(join(site, file), html.replaceAll(exampleAuthOrigin, ''));
    }
    const config = renderTemplate(readFileSync(template, 'utf8'), {
      SERVER_NAME: 'localhost',
      LISTEN: `127.0.0.1:${port}`,
      TLS_CERTIFICATE: certificate.certPath,
      TLS_CERTIFICATE_KEY: certificate.keyPath,
      SITE_ROOT: site,
      AUTH_SERVER_1: `127.0.0.1:${instances[0]!.port}`,
      AUTH_SERVER_2: `127.0.0.1:${instances[1]!.port}`,
      BACKEND: `127.0.0.1:${backend.port}`,
    });
    const nginx = await started(startNginx(config, port), (nginx) => nginx.stop());
    return {
      origin,
      port,
      certificate,
      nginx,
      instances,
      backend,
      redis,
      stopInstance: (index) => stopProcess(instances[index]!),
      async startInstance(index) {
        const instancePort = instances[index]!.port;
        instances[index] = await launch(names[index]!, instancePort);
        await untilHealthy(`http://127.0.0.1:${instancePort}/healthz`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The development identity provider over https at 127.0.0.1 (MSAL and production both require https). */
async function startIdentityProvider(certificate: Certificate, siteOrigin: string) {
  let handle = getRequestListener(() => new Response('starting', { status: 503 }));
  const server = createServer({ cert: certificate.cert, key: certificate.key }, (request, response) =>
    handle(request, response),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The app registration: the site's page is its own redirect URI (the README's registration step).
  const idp = await createDevIdp({ baseUrl: url, redirectUris: [`${siteOrigin}/`] });
  handle = getRequestListener(idp.app.fetch);
  return {
    url,
    clientId: idp.clientId,
    tenantId: idp.tenantId,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** examples/nginx/backend.py on a free port of 127.0.0.1. */
const startBackend = () =>
  startProcess('python3', [join(repository, 'examples/nginx/backend.py'), '--port', '0'], { PATH: process.env.PATH });

/** `npm run build`'s two drop-in element environments, into `outDir`. */
async function buildSdk(outDir: string): Promise<void> {
  const builder = await createBuilder({
    configFile: join(repository, 'vite.config.ts'),
    logLevel: 'warn',
    environments: { sdkBridge: { build: { outDir } }, sdk: { build: { outDir } } },
  });
  await builder.build(builder.environments.sdkBridge!);
  await builder.build(builder.environments.sdk!);
}

/** Spawns a server and resolves once it prints `Listening on http://host:port` (plain or inside a JSON log line). */
function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = repository) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise<ChildServer>((resolve, reject) => {
    const collect = (chunk: string) => {
      output += chunk;
      const port = /Listening on https?:\/\/[^\s:"]+:(\d+)/.exec(output)?.[1];
      if (port) resolve({ child, port: Number(port), output: () => output });
    };
    child.stdout!.setEncoding('utf8').on('data', collect);
    child.stderr!.setEncoding('utf8').on('data', collect);
    child.once('error', reject);
    child.once('exit', () => reject(new Error(`${command} ${args.join(' ')} exited before listening:\n${output}`)));
  });
}

/** Resolves once `url` answers 200, as the roll procedure of examples/nginx/README.md waits. */
async function untilHealthy(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if ((await fetch(url).catch(() => undefined))?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer 200`);
}

async function stopProcess({ child }: ChildServer): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

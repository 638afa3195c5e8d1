// What both entry points do to start: read .env, listen, explain a failed start in one line.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isWorker, tellPrimary } from './cluster.ts';
import { ConfigError } from './config.ts';
import { trackResponses } from './shutdown.ts';

/** Reads `.env` from the working directory when there is one; variables already set win. */
export function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Listens on `host:port` (0 picks a free port) and resolves with the server once it accepts connections.
 * Its responses in flight are tracked from the start, for a graceful shutdown (shutdown.ts).
 */
export async function listen(listener: Listener, host: string, port: number): Promise<Server> {
  const server = createServer(listener);
  trackResponses(server);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return server;
}

/**
 * What `server` is bound to, for its start-up line: its URL, and for the wildcard address (every network interface,
 * production's default HOST) the URL to open on this machine too.
 */
export function boundTo(server: Server): { url: string; note?: string } {
  const { address, port } = server.address() as AddressInfo;
  if (address !== '0.0.0.0' && address !== '::') return { url: urlOf(server) };
  const host = address === '::' ? '[::]' : address;
  return { url: `http://${host}:${port}`, note: `every network interface, http://localhost:${port} on this machine` };
}

/** The URL a person would open for `server`. */
export function urlOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(address) ? 'localhost' : address;
  return `http://${host}:${port}`;
}

/**
 * Makes the production entry point run production rules whatever the shell says: NODE_ENV unset (as in
 * `node dist/server/main.js`) becomes `production`; any other value is refused rather than silently
 * dropping Secure cookies and required secrets.
 */
export function requireProductionMode(env: NodeJS.ProcessEnv): void {
  env.NODE_ENV ||= 'production';
  if (env.NODE_ENV !== 'production') {
    throw new ConfigError(
      `NODE_ENV must be production or unset for the production server, not "${env.NODE_ENV}" (npm run dev is the development server)`,
    );
  }
}

/** The one line that explains a failed start. */
export function startupErrorLine(error: unknown, port: number | string | undefined): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof ConfigError) return `Configuration error: ${error.message}. See docs/configuration.md.`;
  if (code === 'EADDRINUSE') return `Port ${port} is in use: set PORT to another one.`;
  return `Could not start: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * One clear line for a failed start, then exit code 1. A worker of a cluster (cluster.ts) hands the line to
 * its primary instead, which prints the first one only: two workers failing alike still make one line.
 */
export async function exitWithStartupError(error: unknown, port: number | string | undefined): Promise<never> {
  const line = startupErrorLine(error, port);
  if (isWorker()) await tellPrimary({ kind: 'startup-error', line });
  else console.error(line);
  process.exit(1);
}

// What both entry points do to start: read .env, listen, explain a failed start in one line, stop cleanly.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from './config.ts';

/** Reads `.env` from the working directory when there is one; variables already set win. */
export function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/** Listens on `host:port` (0 picks a free port) and resolves with the server once it accepts connections. */
export async function listen(listener: Listener, host: string, port: number): Promise<Server> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return server;
}

/** The URL a person would open for `server`. */
export function urlOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(address) ? 'localhost' : address;
  return `http://${host}:${port}`;
}

/** Runs `close` on SIGINT or SIGTERM, then exits. */
export function closeOnSignal(close: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void close().finally(() => process.exit(0)));
  }
}

/** One clear line for a failed start, then exit code 1. */
export function exitWithStartupError(error: unknown, port: number | string | undefined): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof ConfigError)
    console.error(`Configuration error: ${error.message}. See README.md, "Configuration".`);
  else if (code === 'EADDRINUSE') console.error(`Port ${port} is in use: set PORT to another one.`);
  else console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

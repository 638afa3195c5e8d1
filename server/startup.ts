// What both entry points do to start: read .env and the configuration, listen, stop cleanly.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type Config, ConfigError, loadConfig } from './config.ts';

/** Reads `.env` from the working directory when there is one; variables already set win. */
export function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

/** The configuration, or one clear line and exit code 1. */
export function configOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}. See README.md, "Configuration".`);
    process.exit(1);
  }
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/** Listens on `host:port`, prints `announce(url)`, and closes connections on SIGINT/SIGTERM. */
export function listen(listener: Listener, host: string, port: number, announce: (url: string) => string) {
  const server = createServer(listener);
  server.on('error', (error: NodeJS.ErrnoException) => {
    const reason = error.code === 'EADDRINUSE' ? `port ${port} is in use; set PORT to another one` : error.code;
    console.error(`Cannot listen on ${host}:${port}: ${reason}.`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    console.log(announce(`http://${shownHost}:${actualPort}`));
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
  return server;
}

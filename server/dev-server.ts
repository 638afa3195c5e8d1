// The development server: the demo page (Vite), the API and, with no tenant configured, the development
// identity provider, all on one local port. Never for production.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createServer as createViteServer } from 'vite';
import { createApp } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import { createDevIdp } from './dev-idp/dev-idp.ts';
import { type ExampleSite, startExampleSite } from './example-site.ts';
import type { Logger } from './observability/logger.ts';
import { listen } from './startup.ts';
import { openStores } from './stores.ts';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export interface DevServer {
  url: string;
  /** True when the built-in development identity provider answers sign-ins. */
  devIdp: boolean;
  tenant: string;
  /** The drop-in element's example site (examples/static-site) on its own origin, when served. */
  exampleUrl?: string;
  close(): Promise<void>;
}

export interface DevServerOptions {
  /**
   * Also serve examples/static-site on this port (0: a free one); its origin joins ALLOWED_ORIGINS.
   * A port already in use only skips the example, with a warning.
   */
  exampleSitePort?: number;
  /** Serve the built drop-in element from this folder (as `npm start` does) instead of its source through Vite. */
  sdkRoot?: string;
  /** Makes the log of the API from its configuration (LOG_LEVEL); none: nothing is logged (tests). */
  createLogger?: (config: Config) => Logger;
}

/** Vite serves the drop-in script from its source (web/element/ms-signin.ts, relative to Vite's root web/). */
const sdkLoaderPath = '/sdk/ms-signin.js';
const sdkSourcePath = '/element/ms-signin.ts';

/**
 * Starts everything on `HOST:PORT` of `env` (port 0 picks a free one). Without `ENTRA_CLIENT_ID` and
 * `ENTRA_TENANT_ID`, this server is its own authority: the provider answers at `/{tenant}/…`, the
 * layout of login.microsoftonline.com, and the API verifies its tokens like Entra's, over HTTP.
 */
export async function startDevServer(
  env: Record<string, string | undefined>,
  options: DevServerOptions = {},
): Promise<DevServer> {
  if (env.NODE_ENV === 'production') {
    throw new Error('The development server never runs in production (NODE_ENV=production).');
  }
  let handle: Listener = (_request, response) => response.writeHead(503, { 'Retry-After': '1' }).end('Starting…');
  const server = await listen(
    (request, response) => handle(request, response),
    env.HOST || 'localhost',
    Number(env.PORT || 3000),
  );
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

  const example =
    options.exampleSitePort === undefined ? undefined : await startExample(env.HOST, options.exampleSitePort, origin);
  const allowedOrigins = [env.ALLOWED_ORIGINS, example?.url].filter(Boolean).join(',');

  const useRealEntra = Boolean(env.ENTRA_CLIENT_ID || env.ENTRA_TENANT_ID);
  const idp = useRealEntra ? undefined : await createDevIdp({ baseUrl: origin });
  const config = loadConfig({
    ...env,
    ALLOWED_ORIGINS: allowedOrigins,
    ...(idp && { ENTRA_CLIENT_ID: idp.clientId, ENTRA_TENANT_ID: idp.tenantId, ENTRA_AUTHORITY_HOST: origin }),
  });
  const logger = options.createLogger?.(config);
  const stores = await openStores(config, logger);
  const app = await createApp(config, stores, { sdkRoot: options.sdkRoot, logger });
  const vite = await createViteServer({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    server: { middlewareMode: true, hmr: { server } },
    appType: 'spa',
    logLevel: 'warn',
  });

  const apiListener = getRequestListener(app.fetch);
  const idpListener = idp && getRequestListener(idp.app.fetch);
  const apiPaths = new Set(['auth', 'api', 'healthz', 'docs', 'openapi.json']);
  const idpPaths = new Set(idp ? [idp.tenantId, 'common', 'organizations'] : []);
  handle = (request, response) => {
    const [, first = ''] = (request.url ?? '/').split(/[/?#]/);
    if (apiPaths.has(first)) return apiListener(request, response);
    if (idpListener && idpPaths.has(first)) return idpListener(request, response);
    if (first === 'sdk') {
      if (options.sdkRoot) return apiListener(request, response);
      // The modules it imports then come from Vite too, with CORS for local origins (Vite's default).
      const [path] = (request.url ?? '').split('?');
      if (path !== sdkLoaderPath) return response.writeHead(404).end();
      request.url = sdkSourcePath;
    }
    vite.middlewares(request, response);
  };

  return {
    url: origin,
    devIdp: Boolean(idp),
    tenant: config.tenant.tenant,
    ...(example && { exampleUrl: example.url }),
    close: async () => {
      await example?.close();
      await vite.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stores.close();
    },
  };
}

async function startExample(
  host: string | undefined,
  port: number,
  authOrigin: string,
): Promise<ExampleSite | undefined> {
  try {
    return await startExampleSite({ host: host || 'localhost', port, authOrigin: () => authOrigin });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.warn(`Port ${port} is in use: the drop-in example (examples/static-site) is not served.`);
    return undefined;
  }
}

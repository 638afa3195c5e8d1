// The development server: the demo page (Vite), the API and, with no tenant configured, the development
// identity provider, all on one local port. Never for production.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createServer as createViteServer } from 'vite';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createDevIdp } from './dev-idp/dev-idp.ts';
import { listen } from './startup.ts';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export interface DevServer {
  url: string;
  /** True when the built-in development identity provider answers sign-ins. */
  devIdp: boolean;
  tenant: string;
  close(): Promise<void>;
}

/**
 * Starts everything on `HOST:PORT` of `env` (port 0 picks a free one). Without `ENTRA_CLIENT_ID` and
 * `ENTRA_TENANT_ID`, this server is its own authority: the provider answers at `/{tenant}/…`, the
 * layout of login.microsoftonline.com, and the API verifies its tokens like Entra's, over HTTP.
 */
export async function startDevServer(env: Record<string, string | undefined>): Promise<DevServer> {
  if (env.NODE_ENV === 'production') {
    throw new Error('The development server never runs in production (NODE_ENV=production).');
  }
  let handle: Listener = (_request, response) => response.writeHead(503, { 'Retry-After': '1' }).end('Starting…');
  const server = await listen((request, response) => handle(request, response), env.HOST || 'localhost', Number(env.PORT || 3000));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

  const useRealEntra = Boolean(env.ENTRA_CLIENT_ID || env.ENTRA_TENANT_ID);
  const idp = useRealEntra ? undefined : await createDevIdp({ baseUrl: origin });
  const config = loadConfig({
    ...env,
    ...(idp && { ENTRA_CLIENT_ID: idp.clientId, ENTRA_TENANT_ID: idp.tenantId, ENTRA_AUTHORITY_HOST: origin }),
  });
  const app = await createApp(config);
  const vite = await createViteServer({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    server: { middlewareMode: true, hmr: { server } },
    appType: 'spa',
    logLevel: 'warn',
  });

  const apiListener = getRequestListener(app.fetch);
  const idpListener = idp && getRequestListener(idp.app.fetch);
  const apiPaths = new Set(['auth', 'api', 'healthz']);
  const idpPaths = new Set(idp ? [idp.tenantId, 'common', 'organizations'] : []);
  handle = (request, response) => {
    const [, first = ''] = (request.url ?? '/').split(/[/?#]/);
    if (apiPaths.has(first)) return apiListener(request, response);
    if (idpListener && idpPaths.has(first)) return idpListener(request, response);
    vite.middlewares(request, response);
  };

  return {
    url: origin,
    devIdp: Boolean(idp),
    tenant: config.tenant.tenant,
    close: async () => {
      await vite.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// The development server: the demo page (Vite), the API and, with no tenant configured, the development
// identity provider, all on one local port. Never for production.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createServer as createViteServer } from 'vite';
import { createApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createDevIdp, loadUsersFile, mapRedirectUris } from './dev-idp/dev-idp.ts';
import { type DevIdpMode, entraSettingsFor, readDevIdpMode } from './dev-idp/mode.ts';
import { type ExampleSite, exampleAuthOrigin, startExampleSite } from './example-site.ts';
import type { Logger } from './observability/logger.ts';
import { listen } from './startup.ts';
import { openStores } from './stores.ts';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export interface DevServer {
  url: string;
  /** True when the built-in development identity provider answers sign-ins. */
  devIdp: boolean;
  /** The kind of account the provider emulates (DEV_IDP_MODE), when it runs. */
  devIdpMode?: DevIdpMode;
  /** The SPA redirect URIs the provider's app registration holds, when it runs. */
  redirectUris?: string[];
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

/** Where users.json's redirect URIs expect the demo and examples/static-site: the README's registration. */
const registeredDemoOrigin = exampleAuthOrigin; // http://localhost:3000
const registeredExampleOrigin = 'http://localhost:3001';

/**
 * Starts everything on `HOST:PORT` of `env` (port 0 picks a free one). Without `ENTRA_CLIENT_ID`,
 * `ENTRA_TENANT_ID` and `ENTRA_AUTHORITY`, this server is its own authority: the provider answers at
 * `/{tenant}/…`, the layout of login.microsoftonline.com, and the API verifies its tokens like Entra's, over
 * HTTP, configured as a deployment of the kind `DEV_IDP_MODE` names (workforce, external-id, consumers, common).
 */
export async function startDevServer(
  env: Record<string, string | undefined>,
  options: DevServerOptions = {},
): Promise<DevServer> {
  if (env.NODE_ENV === 'production') {
    throw new Error('The development server never runs in production (NODE_ENV=production).');
  }
  // Before anything listens: a wrong DEV_IDP_MODE or DEV_IDP_REDIRECT_URIS stops start-up with one line.
  const mode = readDevIdpMode(env.DEV_IDP_MODE);
  const extraRedirectUris = readExtraRedirectUris(env.DEV_IDP_REDIRECT_URIS);
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

  const useRealEntra = Boolean(env.ENTRA_CLIENT_ID || env.ENTRA_TENANT_ID || env.ENTRA_AUTHORITY);
  const idp = useRealEntra
    ? undefined
    : await createDevIdp({
        baseUrl: origin,
        redirectUris: [
          ...registeredRedirectUris(origin, [example?.url, ...splitList(env.ALLOWED_ORIGINS)]),
          ...extraRedirectUris,
        ],
      });
  const config = loadConfig({
    ...env,
    ALLOWED_ORIGINS: allowedOrigins,
    ...(idp && entraSettingsFor(mode, idp, origin)),
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
  const idpPaths = new Set(idp?.tenantSegments ?? []);
  handle = (request, response) => {
    const [, rawFirst = ''] = (request.url ?? '/').split(/[/?#]/);
    // Entra's tenant segments are case-insensitive (a GUID in upper case, a domain in any case).
    const first = idp ? rawFirst.toLowerCase() : rawFirst;
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
    ...(idp && { devIdpMode: mode, redirectUris: idp.redirectUris }),
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

/**
 * users.json's redirect URIs on the ports this server really uses: the demo's (written for localhost:3000) on
 * this origin, the example site's (localhost:3001) on the example's origin and on each ALLOWED_ORIGINS entry,
 * the sites a developer runs the button on. Paths stay exact, so an unregistered page still gets AADSTS50011.
 */
function registeredRedirectUris(origin: string, siteOrigins: (string | undefined)[]): string[] {
  const sites = [...new Set(siteOrigins.filter((site): site is string => Boolean(site)))];
  return mapRedirectUris(loadUsersFile().redirectUris, {
    [registeredDemoOrigin]: [origin],
    ...(sites.length > 0 && { [registeredExampleOrigin]: sites }),
  });
}

/**
 * DEV_IDP_REDIRECT_URIS: more pages to register as they are (a Vite page on another port, say), so that no source
 * file needs editing. Each an absolute http(s) URL; anything else stops start-up with one line naming it.
 */
function readExtraRedirectUris(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((uri) => {
      const url = URL.parse(uri);
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash) {
        throw new ConfigError(
          `DEV_IDP_REDIRECT_URIS must be a comma list of page addresses such as http://localhost:5173/, not ${JSON.stringify(uri)}`,
        );
      }
      return uri;
    });
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim().replace(/\/+$/, ''))
    .filter((item) => item !== '');
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

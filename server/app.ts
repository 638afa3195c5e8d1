// Builds the Hono app from a configuration: security headers, /auth, /api, and the built page.
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Next } from 'hono';
import type { Config } from './config.ts';
import { createEntraVerifiers } from './entra/entra-verifiers.ts';
import type { KeySetOptions } from './entra/key-set.ts';
import { createErrorHandler } from './error-handler.ts';
import { errorResponse } from './errors.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { corsForAllowedOrigins } from './middleware/cors.ts';
import { requireSameOrigin } from './middleware/same-origin.ts';
import { clientRequest } from './middleware/client-request.ts';
import { requestId } from './middleware/request-id.ts';
import { responseHeaders, setResponseHeader } from './middleware/response-headers.ts';
import { securityHeaderList } from './middleware/security-headers.ts';
import { countSignIns } from './observability/count-sign-ins.ts';
import { type Logger, silentLogger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { observeSessions } from './observability/observe-sessions.ts';
import { observeRequests } from './observability/request-log.ts';
import { apiRoutes } from './routes/api.ts';
import { authRoutes } from './routes/auth.ts';
import { checkRoutes } from './routes/check.ts';
import { docsRoutes } from './routes/docs.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { browserMsalSettings } from './routes/msal-settings.ts';
import { serveOpenApiDocument } from './routes/openapi.ts';
import { sdkRoutes } from './routes/sdk.ts';
import { createSessions } from './session/sessions.ts';
import type { Stores } from './stores.ts';
import { createTaskStore } from './store/task-store.ts';

export interface AppOptions {
  /** Folder of the built page (`dist/web`) to serve; none in development, where Vite serves it. */
  staticRoot?: string;
  /** Folder of the built drop-in element (`dist/sdk`) to serve at /sdk; none in development, where Vite serves it. */
  sdkRoot?: string;
  /** Requests a minute per client address; defaults: 20 sign-ins, 60 nonces. */
  rateLimits?: { signIn: number; nonce: number };
  keySet?: KeySetOptions;
  /** Where requests to the identity provider go; default the global `fetch` (tests route Microsoft's hosts to a local stand-in). */
  fetch?: typeof fetch;
  /** Where the request log and security events go (observability/logger.ts); none: nothing is logged. */
  logger?: Logger;
}

const defaultRateLimits = { signIn: 20, nonce: 60 };
const oneYear = 365 * 24 * 60 * 60;

/**
 * Creates the app on `stores` (stores.ts; the caller closes them). Everything slow (key import, JWKS
 * client) happens here, once, not per request.
 */
export async function createApp(config: Config, stores: Stores, options: AppOptions = {}) {
  const logger = options.logger ?? silentLogger;
  // Counted only when /metrics serves them (METRICS_TOKEN); else nothing is, and prom-client never loads.
  const metrics = await createMetrics({ served: config.metricsToken !== undefined });
  const { metadata, verifyIdToken, verifyAccessToken } = createEntraVerifiers(config, {
    fetch: options.fetch,
    keySet: { ...options.keySet, onFetch: (result) => metrics.jwksFetches.inc({ result }) },
  });
  const sessions = observeSessions(await createSessions(config, stores.sessions), metrics);
  const taskStore = createTaskStore(stores.database);
  const tasks = () => taskStore;
  const rateLimits = options.rateLimits ?? defaultRateLimits;

  const app = new OpenAPIHono();
  // First, so that the log and the metrics see every response, errors and 404s included. A request id from
  // a proxy is kept when it is a short token ([A-Za-z0-9_=-]); else a new one. Returned in X-Request-Id.
  app.use(requestId(), observeRequests(logger, metrics));
  app.use('/auth/microsoft', countSignIns(metrics));
  app.use(responseHeaders(securityHeaderList(config)));
  // The client's address and public origin, believing X-Forwarded-* only from TRUST_PROXY (README.md,
  // "Security model"): rate limits and the Origin check read them.
  app.use(clientRequest(config.trustProxy));
  // CORS first: a preflight (OPTIONS) is answered before the same-origin check, which only guards mutations.
  // /auth/check is exempt: a forward-auth check changes nothing, and Envoy sends it with any method (check.ts).
  const isCheck = (c: Context) => c.req.path === '/auth/check';
  app.use(
    '/auth/*',
    noStore,
    corsForAllowedOrigins(config.allowedOrigins),
    requireSameOrigin(config.allowedOrigins, { exempt: isCheck }),
  );
  // /api checks the origin itself, after authentication: bearer-authenticated requests are exempt (routes/api.ts).
  app.use('/api/*', noStore, corsForAllowedOrigins(config.allowedOrigins));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.route(
    '/auth',
    authRoutes({
      verifyIdToken,
      sessions,
      store: stores.sessions,
      secure: config.production,
      msalSettings: () => browserMsalSettings(config, metadata),
      limitSignIns: rateLimit(stores.rateLimiter('sign-in', rateLimits.signIn)),
      limitNonces: rateLimit(stores.rateLimiter('nonce', rateLimits.nonce)),
    }),
  );
  app.route('/auth', checkRoutes(sessions, config.tenant));
  app.route('/api', apiRoutes({ ...config, sessions, verifyAccessToken, tasks }));
  app.route('/docs', docsRoutes());
  serveOpenApiDocument(app, config, sessions.cookieName);
  // Not public: without METRICS_TOKEN there is no /metrics at all (docs/deployment.md, "Logs and metrics").
  if (config.metricsToken && metrics.registry)
    app.route('/metrics', metricsRoutes(metrics.registry, config.metricsToken));
  if (options.sdkRoot) app.route('/sdk', sdkRoutes(options.sdkRoot));
  if (options.staticRoot) app.use('*', cacheHeadersForStaticFiles, serveStatic({ root: options.staticRoot }));

  app.notFound((c) => errorResponse(c, 404, 'not_found', 'Nothing is here.'));
  // Routes and middleware throw (errors.ts); every failure becomes its response here, and only here.
  app.onError(createErrorHandler(logger));
  return app;
}

const noStore = async (c: Context, next: Next) => {
  await next();
  setResponseHeader(c, 'Cache-Control', 'no-store');
};

/** Vite fingerprints everything under assets/: cached for good. Pages are revalidated; the popup's
 * redirect page is never cached (it handles the authorization response). */
async function cacheHeadersForStaticFiles(c: Context, next: Next) {
  await next();
  if (c.res.status !== 200 || c.res.headers.has('Cache-Control')) return;
  const path = c.req.path;
  if (path.startsWith('/assets/')) c.header('Cache-Control', `public, max-age=${oneYear}, immutable`);
  else if (path === '/redirect.html') c.header('Cache-Control', 'no-store');
  else c.header('Cache-Control', 'no-cache');
}

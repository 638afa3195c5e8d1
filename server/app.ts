// Builds the Hono app from a configuration: security headers, /auth, /api, and the built page.
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Next } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from './config.ts';
import { createKeySet, type KeySetOptions } from './entra/key-set.ts';
import { createTenantPolicy } from './entra/tenant-policy.ts';
import { createAccessTokenVerifier } from './entra/verify-access-token.ts';
import { createIdTokenVerifier } from './entra/verify-id-token.ts';
import { AuthError, errorResponse, ProviderUnavailableError, StoreUnavailableError } from './errors.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { corsForAllowedOrigins } from './middleware/cors.ts';
import { requireSameOrigin } from './middleware/same-origin.ts';
import { clientRequest } from './middleware/client-request.ts';
import { countSignIns } from './observability/count-sign-ins.ts';
import { type Logger, silentLogger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { observeSessions } from './observability/observe-sessions.ts';
import { observeRequests, routeOf } from './observability/request-log.ts';
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
  // Process metrics (an event-loop monitor each) only when /metrics will serve them.
  const metrics = createMetrics({ processMetrics: config.metricsToken !== undefined });
  const tenants = createTenantPolicy(config);
  // One key set for ID and access tokens: one cache, one refetch cooldown, one outbound fetch at a time.
  const keySet = createKeySet(tenants.jwksUri, {
    ...options.keySet,
    onFetch: (result) => metrics.jwksFetches.inc({ result }),
  });
  const verifyIdToken = createIdTokenVerifier(config, keySet, tenants);
  const verifyAccessToken = createAccessTokenVerifier(config, keySet, tenants);
  const sessions = observeSessions(await createSessions(config, stores.sessions), metrics);
  const taskStore = createTaskStore(stores.database);
  const tasks = () => taskStore;
  const rateLimits = options.rateLimits ?? defaultRateLimits;

  const app = new OpenAPIHono();
  // First, so that the log and the metrics see every response, errors and 404s included. A request id from
  // a proxy is kept when it is a short token ([A-Za-z0-9_=-]); else a new one. Returned in X-Request-Id.
  app.use(requestId({ limitLength: 64 }), observeRequests(logger, metrics));
  app.use('/auth/microsoft', countSignIns(metrics));
  app.use(securityHeaders(config));
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
      msalSettings: browserMsalSettings(config),
      limitSignIns: rateLimit(stores.rateLimiter('sign-in', rateLimits.signIn)),
      limitNonces: rateLimit(stores.rateLimiter('nonce', rateLimits.nonce)),
    }),
  );
  app.route('/auth', checkRoutes(sessions));
  app.route('/api', apiRoutes({ ...config, sessions, verifyAccessToken, tasks }));
  app.route('/docs', docsRoutes());
  serveOpenApiDocument(app, config, sessions.cookieName);
  // Not public: without METRICS_TOKEN there is no /metrics at all (README.md, "Logs and metrics").
  if (config.metricsToken) app.route('/metrics', metricsRoutes(metrics, config.metricsToken));
  if (options.sdkRoot) app.route('/sdk', sdkRoutes(options.sdkRoot));
  if (options.staticRoot) app.use('*', cacheHeadersForStaticFiles, serveStatic({ root: options.staticRoot }));

  app.notFound((c) => errorResponse(c, 404, 'not_found', 'Nothing is here.'));
  app.onError((error, c) => {
    if (error instanceof AuthError) return errorResponse(c, 401, error.code, error.message);
    if (error instanceof ProviderUnavailableError || error instanceof StoreUnavailableError) {
      // The kind of failure, never its details: messages of fetch errors may carry URLs with secrets.
      logger.warn(
        { requestId: c.get('requestId'), method: c.req.method, route: routeOf(c), cause: describeCause(error.cause) },
        error.message,
      );
      return errorResponse(c, 503, error.code, error.message);
    }
    if (error instanceof HTTPException)
      return errorResponse(c, error.status as 400, 'bad_request', 'The request is not valid.');
    // The name only: messages and stacks can hold request data (a token), in a response or a log line.
    logger.error(
      { requestId: c.get('requestId'), method: c.req.method, route: routeOf(c), error: error.name },
      'unexpected error',
    );
    return errorResponse(c, 500, 'internal_error', 'Something went wrong on our side.');
  });
  return app;
}

const describeCause = (cause: unknown) =>
  cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.name) : 'unknown';

const noStore = async (c: Context, next: Next) => {
  await next();
  c.header('Cache-Control', 'no-store');
};

function securityHeaders(config: Config) {
  const authority = new URL(config.authorityHost).origin;
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      // MSAL redeems the authorization code from the page with fetch.
      connectSrc: ["'self'", authority],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    // MSAL's popup reports back through its opener and a BroadcastChannel; the popup's own page must not
    // carry an opener policy (shared/FACTS.md).
    crossOriginOpenerPolicy: false,
    // Not Hono's `no-referrer`: under it browsers send `Origin: null` on same-origin POSTs, and the
    // CSRF check could no longer tell our own page from a sandboxed attacker.
    referrerPolicy: 'strict-origin-when-cross-origin',
    strictTransportSecurity: config.production ? 'max-age=31536000; includeSubDomains' : false,
    // A route may set its own: /sdk lets other sites load its scripts (Cross-Origin-Resource-Policy).
    overwrite: false,
  });
}

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

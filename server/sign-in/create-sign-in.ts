// The sign-in as parts an app mounts: the /auth routes and the guard of protected routes. The standalone server
// (app.ts) and the library's Hono and Express entries (server/library/) are all built from these.
import { Hono, type Context, type Next } from 'hono';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { createEntraVerifiers } from '../entra/entra-verifiers.ts';
import type { KeySetOptions } from '../entra/key-set.ts';
import { createErrorHandler } from '../error-handler.ts';
import { identifyClient } from '../middleware/client-request.ts';
import { corsForAllowedOrigins } from '../middleware/cors.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { setResponseHeader } from '../middleware/response-headers.ts';
import { createRequireUser } from '../middleware/require-user.ts';
import { requireSameOrigin } from '../middleware/same-origin.ts';
import { type Metrics, uncounted } from '../observability/metrics.ts';
import { observeSessions } from '../observability/observe-sessions.ts';
import { logSecurityEvent } from '../observability/request-log.ts';
import { authRoutes } from '../routes/auth.ts';
import { checkRoutes } from '../routes/check.ts';
import { browserMsalSettings } from '../routes/msal-settings.ts';
import { sdkRoutes } from '../routes/sdk.ts';
import type { SessionStore } from '../session/session-store.ts';
import { createSessions } from '../session/sessions.ts';
import type { SignInLogger } from './options.ts';
import type { SignInConfig } from './resolve-options.ts';

/** Where the sign-in keeps its state (stores.ts opens them). */
export interface SignInStores {
  sessions: SessionStore;
  /** A budget of `points` requests a minute per key, named `name`; shared through Redis when there is one. */
  rateLimiter(name: string, points: number): RateLimiterAbstract;
}

export interface SignInPartsOptions {
  /** Security events and outages; none: nothing is logged. */
  logger?: SignInLogger;
  /**
   * Also log security events (a refused token, a cross-origin change, a rate limit) from the parts
   * themselves; the standalone server's request log already does (request-log.ts).
   */
  logSecurityEvents?: boolean;
  metrics?: Metrics;
  /** Requests a minute per client address; defaults: 20 sign-ins, 60 nonces. */
  rateLimits?: { signIn?: number; nonce?: number };
  keySet?: KeySetOptions;
  /** Where requests to the identity provider go; default the global `fetch` (tests route Microsoft's hosts to a local stand-in). */
  fetch?: typeof fetch;
  /** The built drop-in element (dist/sdk) to serve at `sdk/` under the routes; none: not served there. */
  sdkRoot?: string;
}

const defaultRateLimits = { signIn: 20, nonce: 60 };
/** A logger that writes nothing: the parts' default, and the stores'. */
export const noLog: SignInLogger = { warn() {}, error() {} };

/**
 * Builds the sign-in on `stores`: everything slow (the key set's client, the session key) happens here, once.
 *
 * - `routes`: a Hono app answering `/nonce`, `/microsoft`, `/logout`, `/session`, `/config` and `/check`
 *   (docs/http-api.md), to mount at `/auth`, with their CORS, origin check, rate limits and error responses;
 * - `requireUser(options)`: the guard of protected routes (middleware/require-user.ts);
 * - the sessions and the access-token verifier, for the standalone server's own /api.
 */
export async function createSignInParts(config: SignInConfig, stores: SignInStores, options: SignInPartsOptions = {}) {
  const logger = options.logger ?? noLog;
  const metrics = options.metrics ?? uncounted;
  const handleError = createErrorHandler(logger);
  const { metadata, verifyIdToken, verifyAccessToken } = createEntraVerifiers(config, {
    fetch: options.fetch,
    keySet: { ...options.keySet, onFetch: (result) => metrics.jwksFetches.inc({ result }) },
  });
  const sessions = observeSessions(await createSessions(config, stores.sessions), metrics);
  const rateLimits = { ...defaultRateLimits, ...options.rateLimits };
  const identify = identifyClient(config.trustProxy);
  const guard = createRequireUser({ ...config, sessions, verifyAccessToken, handleError, identifyClient: identify });
  const requireUser = options.logSecurityEvents ? logged(guard, logger) : guard;

  const routes = new Hono();
  if (options.sdkRoot) routes.route('/sdk', sdkRoutes(options.sdkRoot)); // public files: none of the below
  routes.use(async function identifyCaller(c, next) {
    identify(c);
    await next();
    if (options.logSecurityEvents) logSecurityEvent(logger, c);
  });
  // CORS first: a preflight (OPTIONS) is answered before the origin check, which only guards changes.
  routes.use(noStore, corsForAllowedOrigins(config.allowedOrigins));
  // Before the origin check: a forward-auth check changes nothing, and Envoy sends it with any method (check.ts).
  routes.route('/', checkRoutes(sessions, config.tenant));
  routes.use(requireSameOrigin(config.allowedOrigins));
  routes.route(
    '/',
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
  // Routes and middleware throw (errors.ts); every failure becomes its response here, wherever they are mounted.
  routes.onError(handleError);

  return { routes, requireUser, sessions, verifyAccessToken, metadata, handleError };
}

export type SignInParts = Awaited<ReturnType<typeof createSignInParts>>;

/** The guard, with its refusals written to the log as the standalone server's request log would. */
function logged(guard: ReturnType<typeof createRequireUser>, logger: SignInLogger): typeof guard {
  return (options) => {
    const check = guard(options);
    return async function requireUser(c, next) {
      const refused = await check(c, next);
      if (refused) logSecurityEvent(logger, c);
      return refused;
    };
  };
}

async function noStore(c: Context, next: Next) {
  await next();
  setResponseHeader(c, 'Cache-Control', 'no-store');
}

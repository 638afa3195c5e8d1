// Builds the Hono app from a configuration: security headers, /auth, /api, and the built page.
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono, type Next } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from './config.ts';
import { createKeySet, type KeySetOptions } from './entra/key-set.ts';
import { createTenantPolicy } from './entra/tenant-policy.ts';
import { createIdTokenVerifier } from './entra/verify-id-token.ts';
import { errorResponse } from './errors.ts';
import { corsForAllowedOrigins } from './middleware/cors.ts';
import { requireSameOrigin } from './middleware/same-origin.ts';
import { apiRoutes } from './routes/api.ts';
import { authRoutes } from './routes/auth.ts';
import { browserMsalSettings } from './routes/msal-settings.ts';
import { cookieJar } from './session/cookies.ts';
import { nonceLifetime } from './session/nonce.ts';
import { createSessionCodec } from './session/session.ts';

export interface AppOptions {
  /** Folder of the built page (`dist/web`) to serve; none in development, where Vite serves it. */
  staticRoot?: string;
  /** Requests a minute per client address; defaults: 20 sign-ins, 60 nonces. */
  rateLimits?: { signIn: number; nonce: number };
  keySet?: KeySetOptions;
}

const defaultRateLimits = { signIn: 20, nonce: 60 };
const oneYear = 365 * 24 * 60 * 60;

/** Creates the app. Everything slow (key import, JWKS client) happens here, once, not per request. */
export async function createApp(config: Config, options: AppOptions = {}) {
  const tenants = createTenantPolicy(config);
  const verifyIdToken = createIdTokenVerifier(config, createKeySet(tenants.jwksUri, options.keySet), tenants);
  const sessions = await createSessionCodec(config.sessionSecrets, config.sessionMaxAge);
  const secure = config.production;
  const sessionCookie = cookieJar('ms-session', { secure, maxAge: config.sessionMaxAge, sameSite: 'Lax' });
  const nonceCookie = cookieJar('ms-nonce', { secure, maxAge: nonceLifetime, sameSite: 'Strict' });

  const app = new Hono();
  app.use(securityHeaders(config));
  for (const path of ['/auth/*', '/api/*']) {
    // CORS first: a preflight (OPTIONS) is answered before the same-origin check, which only guards mutations.
    app.use(path, noStore, corsForAllowedOrigins(config.allowedOrigins), requireSameOrigin(config.allowedOrigins));
  }

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.route(
    '/auth',
    authRoutes({
      verifyIdToken,
      sessions,
      sessionCookie,
      nonceCookie,
      msalSettings: browserMsalSettings(config),
      rateLimits: options.rateLimits ?? defaultRateLimits,
    }),
  );
  app.route('/api', apiRoutes(sessions, sessionCookie));
  if (options.staticRoot) app.use('*', cacheHeadersForStaticFiles, serveStatic({ root: options.staticRoot }));

  app.notFound((c) => errorResponse(c, 404, 'not_found', 'Nothing is here.'));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return errorResponse(c, error.status as 400, 'bad_request', 'The request is not valid.');
    // The name only: messages and stacks can hold request data, and never belong in a response.
    console.error(`${c.req.method} ${c.req.path} failed: ${error.name}`);
    return errorResponse(c, 500, 'internal_error', 'Something went wrong on our side.');
  });
  return app;
}

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

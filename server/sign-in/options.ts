// The options of createSignIn() (ms-signin/hono, ms-signin/express): the standalone server's environment
// variables in camelCase, with the same meanings and defaults (docs/configuration.md, docs/library.md).
import type { SessionStore } from '../session/session-store.ts';

/**
 * How the sign-in is configured. Only `clientId` and the tenant (`tenantId` or `authority`) are required;
 * in production (`production`, default `NODE_ENV === 'production'`) `sessionSecret` too. Every option is
 * checked when `createSignIn()` is called: a wrong one rejects with one line naming it.
 *
 * @example
 * ```ts
 * const signIn = await createSignIn({
 *   clientId: process.env.ENTRA_CLIENT_ID,
 *   tenantId: process.env.ENTRA_TENANT_ID,
 *   sessionSecret: process.env.SESSION_SECRET,
 * });
 * ```
 */
export interface SignInOptions {
  /**
   * The SPA app registration's Application (client) ID, a GUID: the `aud` of accepted ID tokens
   * (`ENTRA_CLIENT_ID`). Required.
   */
  clientId: string;
  /**
   * The tenant: its GUID or a verified domain (`contoso.onmicrosoft.com`), `organizations` or `common`
   * (multi-tenant), `consumers` (personal Microsoft accounts) (`ENTRA_TENANT_ID`). Required unless
   * `authority` names it.
   */
  tenantId?: string;
  /**
   * The full authority URL, for Entra External ID (`https://contoso.ciamlogin.com/<tenant id>`), for any
   * authority whose issuer is not `{host}/{tid}/v2.0`, or the `authority` of `startDevIdp()`
   * (`ENTRA_AUTHORITY`). `http://` only for localhost, never in production.
   * @default `${authorityHost}/${tenantId}`
   */
  authority?: string;
  /**
   * The Microsoft cloud: `https://login.microsoftonline.com`, `https://login.microsoftonline.us`,
   * `https://login.partner.microsoftonline.cn` (`ENTRA_AUTHORITY_HOST`). Not with `authority`.
   * @default 'https://login.microsoftonline.com'
   */
  authorityHost?: string;
  /**
   * With `tenantId` `common` or `organizations`: the tenant GUIDs whose users may sign in
   * (`ENTRA_ALLOWED_TENANTS`). Empty: any tenant.
   * @default []
   */
  allowedTenants?: string[];
  /**
   * The issuer host of v1 access tokens (`ENTRA_V1_ISSUER_HOST`).
   * @default the cloud's: 'https://sts.windows.net', or 'https://sts.chinacloudapi.cn' in China
   */
  v1IssuerHost?: string;
  /**
   * `false` also accepts ID tokens that carry no server-issued nonce, for front ends that cannot fetch one
   * (`ENTRA_REQUIRE_NONCE`). Weaker: see SECURITY.md.
   * @default true
   */
  requireNonce?: boolean;
  /**
   * The accepted `aud` values of bearer access tokens (`ENTRA_API_AUDIENCE`).
   * @default [`api://${clientId}`, clientId]
   */
  apiAudience?: string[];
  /**
   * The delegated scope a bearer access token must carry in `scp`, as `scp` holds it: `access_as_user`, not
   * `api://…/access_as_user` (`ENTRA_API_SCOPE`). A session carries it implicitly.
   * @default 'access_as_user'
   */
  apiScope?: string;
  /**
   * The HS256 key of the session JWT, at least 32 bytes, used as is; a list rotates keys: the first signs,
   * all verify (`SESSION_SECRET`). Required in production; otherwise a random key per start (sessions then
   * end when the process restarts).
   */
  sessionSecret?: string | string[];
  /**
   * Seconds after sign-in when a session ends however active it is, 60 to 2 592 000 (`SESSION_MAX_AGE`).
   * @default 28800 (8 hours)
   */
  sessionMaxAge?: number;
  /**
   * Seconds without a request after which a session ends, 60 to `sessionMaxAge` (`SESSION_IDLE_TIMEOUT`).
   * @default 3600 (1 hour), or `sessionMaxAge` when shorter
   */
  sessionIdleTimeout?: number;
  /**
   * Other browser origins (`https://www.example.com`) allowed to call `/auth` with credentials (CORS) and
   * to sign in, sign out or make cookie-authenticated changes (`ALLOWED_ORIGINS`). The app's own public
   * origin is always allowed.
   * @default []
   */
  allowedOrigins?: string[];
  /**
   * The reverse proxies whose `X-Forwarded-For`/`-Proto`/`-Host` are believed: addresses or CIDR ranges
   * (also `loopback`, `linklocal`, `uniquelocal`), or a hop count (`TRUST_PROXY`). Express's own
   * `trust proxy` setting is not read.
   * @default [] (none: those headers are ignored)
   */
  trustProxy?: string[] | number;
  /**
   * The SQLite file of sessions and redeemed nonces, created with its folder (`DATABASE_PATH`). Not used
   * with `redisUrl` or `store`.
   * @default 'data/ms-signin.db'
   */
  databasePath?: string;
  /**
   * A `redis://` or `rediss://` URL: sessions, nonces and rate limits in Redis, shared by every instance
   * (`REDIS_URL`). Not with `store`.
   */
  redisUrl?: string;
  /**
   * Your own session store (docs/library.md, "Your own session store"): for a database other than SQLite
   * and Redis. Rate limits are then kept in memory, per process. `close()` does not close it.
   */
  store?: SessionStore;
  /**
   * Production rules: `sessionSecret` required, https authorities only, the session cookie `__Host-`
   * prefixed and `Secure`.
   * @default process.env.NODE_ENV === 'production'
   */
  production?: boolean;
  /**
   * Requests a minute per client address.
   * @default { signIn: 20, nonce: 60 }
   */
  rateLimits?: { signIn?: number; nonce?: number };
  /**
   * Where security events (a refused token, a cross-origin change, a rate limit) and outages (Redis or
   * Microsoft's keys unreachable) are written: a pino logger, or anything with its `warn` and `error`
   * methods. Never a token, cookie or secret.
   * @default nothing is logged
   */
  logger?: SignInLogger;
}

/** The part of a pino logger (`pino()`, Fastify's `app.log`, `console` too) that the sign-in writes to. */
export interface SignInLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

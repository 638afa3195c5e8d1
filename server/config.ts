// Reads the server's configuration once from the environment into a typed, validated object.
import proxyaddr from 'proxy-addr';
import {
  authorityUrl,
  defaultAuthorityHost,
  isGuid,
  multiTenantSegments,
  type MultiTenantSegment,
  tenantOfAuthority,
  v1IssuerHostOf,
} from '../common/authority.ts';

/** Thrown for a missing or malformed setting; the message names the variable and is safe to print. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type TenantMode =
  /** One tenant: by GUID, by verified domain (`contoso.onmicrosoft.com`), or `consumers` (personal accounts). */
  | { kind: 'single'; tenant: string }
  /** `common` or `organizations`: the token's own `tid` picks the issuer; `allowed` empty = any tenant. */
  | { kind: 'multi'; tenant: MultiTenantSegment; allowed: ReadonlySet<string> };

export interface Config {
  production: boolean;
  /** `aud` of accepted ID tokens, lower case as Entra writes it. */
  clientId: string;
  /**
   * The authority URL, e.g. `https://login.microsoftonline.com/{tenant}` or External ID's
   * `https://contoso.ciamlogin.com/{tenant}`: its discovery document gives the issuer and the keys' address.
   */
  authority: string;
  /** The authority's tenant segment (GUID, domain, `consumers`, `common`, `organizations`) and what it accepts. */
  tenant: TenantMode;
  /** The authority's origin, e.g. `https://login.microsoftonline.com` (MSAL redeems codes there: CSP). */
  authorityHost: string;
  /** v1 issuer base of access tokens, e.g. `https://sts.windows.net`. */
  v1IssuerHost: string;
  requireNonce: boolean;
  apiAudiences: string[];
  apiScope: string;
  adminRole: string;
  /** HS256 keys of the session JWT; the first signs, all verify. */
  sessionSecrets: string[];
  /** Absolute session lifetime in seconds: no session outlives it, however active. */
  sessionMaxAge: number;
  /** Seconds without a request after which a session ends; at most `sessionMaxAge`. */
  sessionIdleTimeout: number;
  /** `redis://` or `rediss://` URL of the shared store of sessions, nonces and rate limits; none: SQLite and memory. */
  redisUrl: string | undefined;
  /** Browser origins allowed for CORS and cookie-authenticated mutations, besides the server's own. */
  allowedOrigins: string[];
  /**
   * The reverse proxies whose `X-Forwarded-For`/`-Proto`/`-Host` are believed (TRUST_PROXY): addresses and
   * CIDR ranges in proxy-addr's notation (also `loopback`, `linklocal`, `uniquelocal`), or a hop count.
   * Default `[]`: none, those headers are ignored.
   */
  trustProxy: string[] | number;
  databasePath: string;
  /** The most tasks one user may have in the demo task store; another POST is refused. */
  taskQuota: number;
  port: number;
  host: string;
  /** The least severe log lines written (LOG_LEVEL); default `info`, `silent` for none. */
  logLevel: LogLevel;
  /** Bearer token that opens GET /metrics (METRICS_TOKEN), at least 32 bytes; none: /metrics is not served. */
  metricsToken: string | undefined;
}

/** LOG_LEVEL's values, most to least severe (pino's levels); `silent` writes nothing. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

const defaultSessionMaxAge = 8 * 60 * 60; // 8 hours, a working day
const defaultSessionIdleTimeout = 60 * 60; // 1 hour
const defaultPort = 3000;
const defaultTaskQuota = 1000; // tasks per user
const minSecretBytes = 32;
const maxProxyHops = 32; // TRUST_PROXY as a hop count: more proxies than any real chain

const domain = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

export const isLoopbackHost = (hostname: string): boolean => loopbackHosts.has(hostname);

type Env = Record<string, string | undefined>;

/** Validates `env` and returns the configuration, or throws a {@link ConfigError} naming the variable. */
export function loadConfig(env: Env): Config {
  const production = env.NODE_ENV === 'production';
  // Entra's `aud` is the lower-case GUID; the portal's copy button gives it so, but a hand-typed one may not be.
  const clientId = required(env, 'ENTRA_CLIENT_ID').toLowerCase();
  if (!isGuid(clientId)) fail('ENTRA_CLIENT_ID', 'must be the application (client) id, a GUID');
  const authority = readAuthority(env, production);
  const sessionMaxAge = readInteger(env, 'SESSION_MAX_AGE', defaultSessionMaxAge, 60, 30 * 24 * 60 * 60);

  return {
    production,
    clientId,
    authority,
    tenant: readTenant(env, tenantOfAuthority(authority)),
    authorityHost: new URL(authority).origin,
    v1IssuerHost: env.ENTRA_V1_ISSUER_HOST?.trim()
      ? readHost(env, 'ENTRA_V1_ISSUER_HOST', production)
      : v1IssuerHostOf(authority),
    requireNonce: readBoolean(env, 'ENTRA_REQUIRE_NONCE', true),
    apiAudiences: list(env.ENTRA_API_AUDIENCE) ?? [`api://${clientId}`, clientId],
    apiScope: readScope(env),
    adminRole: env.ADMIN_ROLE?.trim() || 'Admin',
    sessionSecrets: readSessionSecrets(env, production),
    sessionMaxAge,
    sessionIdleTimeout: readIdleTimeout(env, sessionMaxAge),
    redisUrl: readRedisUrl(env),
    allowedOrigins: readOrigins(env, production),
    trustProxy: readTrustProxy(env),
    databasePath: env.DATABASE_PATH?.trim() || 'data/app.db',
    taskQuota: readInteger(env, 'TASK_QUOTA', defaultTaskQuota, 1, 1_000_000),
    port: readInteger(env, 'PORT', defaultPort, 0, 65535),
    host: env.HOST?.trim() || (production ? '0.0.0.0' : 'localhost'),
    logLevel: readLogLevel(env),
    metricsToken: readMetricsToken(env),
  };
}

function fail(name: string, problem: string): never {
  throw new ConfigError(`${name} ${problem}`);
}

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) fail(name, 'is required');
  return value;
}

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

/**
 * The authority: ENTRA_AUTHORITY as given (External ID, or any authority whose issuer is not on its own
 * host), else ENTRA_AUTHORITY_HOST + ENTRA_TENANT_ID. Either way one tenant segment, no query or fragment.
 */
function readAuthority(env: Env, production: boolean): string {
  const full = env.ENTRA_AUTHORITY?.trim();
  if (!full) {
    const host = readHost(env, 'ENTRA_AUTHORITY_HOST', production, defaultAuthorityHost);
    return authorityUrl(
      host,
      readTenantSegment(env.ENTRA_TENANT_ID, 'ENTRA_TENANT_ID', 'is required (or ENTRA_AUTHORITY)'),
    );
  }
  if (env.ENTRA_AUTHORITY_HOST?.trim()) fail('ENTRA_AUTHORITY_HOST', 'must not be set with ENTRA_AUTHORITY (its host)');
  const url = readUrl(full, 'ENTRA_AUTHORITY', production);
  const shape = 'must be the authority URL with its tenant, e.g. https://contoso.ciamlogin.com/<tenant id>';
  const segments = url.pathname.replace(/\/+$/, '').split('/').slice(1);
  if (segments.length !== 1) fail('ENTRA_AUTHORITY', shape);
  const tenant = readTenantSegment(segments[0], 'ENTRA_AUTHORITY', shape);
  const configuredTenant = env.ENTRA_TENANT_ID?.trim().toLowerCase();
  if (configuredTenant && configuredTenant !== tenant) {
    fail('ENTRA_TENANT_ID', `must match the tenant of ENTRA_AUTHORITY (${tenant}), or be left unset`);
  }
  return authorityUrl(url.origin, tenant);
}

/** A tenant segment: a GUID, a domain, or consumers, common, organizations; lower case. */
function readTenantSegment(value: string | undefined, name: string, missing: string): string {
  const tenant = value?.trim().toLowerCase();
  if (!tenant) fail(name, missing);
  const special = tenant === 'consumers' || (multiTenantSegments as readonly string[]).includes(tenant);
  if (!special && !isGuid(tenant) && !domain.test(tenant)) {
    fail(name, 'must name a tenant GUID, a domain, or common, organizations, consumers');
  }
  return tenant;
}

function readTenant(env: Env, tenant: string): TenantMode {
  const allowed = list(env.ENTRA_ALLOWED_TENANTS) ?? [];
  for (const id of allowed) if (!isGuid(id)) fail('ENTRA_ALLOWED_TENANTS', 'must be a comma list of tenant GUIDs');
  if ((multiTenantSegments as readonly string[]).includes(tenant)) {
    return {
      kind: 'multi',
      tenant: tenant as MultiTenantSegment,
      allowed: new Set(allowed.map((id) => id.toLowerCase())),
    };
  }
  if (allowed.length) fail('ENTRA_ALLOWED_TENANTS', 'only applies to the tenants common and organizations');
  return { kind: 'single', tenant };
}

/** A base URL with no path (ENTRA_AUTHORITY_HOST, ENTRA_V1_ISSUER_HOST), without the trailing slash. */
function readHost(env: Env, name: string, production: boolean, fallback?: string): string {
  const url = readUrl(env[name]?.trim() || fallback || '', name, production);
  // No path: Entra's layout ({host}/{tenant}/…) is assumed, and MSAL rewrites the first path segment.
  if (url.pathname !== '/') fail(name, 'must be a base URL with no path');
  return url.origin;
}

/** An absolute https URL with no query, fragment or user; plain http only for a local authority outside production. */
function readUrl(raw: string, name: string, production: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(name, 'must be an absolute URL');
  }
  if (url.search || url.hash || url.username || url.password) fail(name, 'must not have a query, fragment or user');
  const local = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(local && !production)) {
    fail(name, production ? 'must be https in production' : 'must be https (http only for localhost)');
  }
  return url;
}

// RFC 6749 3.3 scope-token: printable ASCII without space, `"` or `\`; it also goes into WWW-Authenticate.
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

function readScope(env: Env): string {
  const scope = env.ENTRA_API_SCOPE?.trim() || 'access_as_user';
  // A common slip: the full "api://{client id}/access_as_user" that a client requests. The token's `scp`
  // holds only the last part.
  if (scope.includes('/')) {
    fail(
      'ENTRA_API_SCOPE',
      'must be the scope name as it appears in scp (e.g. access_as_user), not the full api:// URI',
    );
  }
  if (!scopeToken.test(scope)) fail('ENTRA_API_SCOPE', 'must be one scope name, without spaces or quotes');
  return scope;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  fail(name, 'must be true or false');
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) fail(name, `must be a whole number from ${min} to ${max}`);
  return number;
}

function readIdleTimeout(env: Env, sessionMaxAge: number): number {
  // The default shrinks with a short SESSION_MAX_AGE; a value set on purpose must fit inside it.
  const idle = readInteger(
    env,
    'SESSION_IDLE_TIMEOUT',
    Math.min(defaultSessionIdleTimeout, sessionMaxAge),
    60,
    30 * 24 * 60 * 60,
  );
  if (idle > sessionMaxAge) fail('SESSION_IDLE_TIMEOUT', `must not exceed SESSION_MAX_AGE (${sessionMaxAge})`);
  return idle;
}

function readRedisUrl(env: Env): string | undefined {
  const value = env.REDIS_URL?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('REDIS_URL', 'must be a URL such as redis://localhost:6379 (or rediss:// for TLS)');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    fail('REDIS_URL', 'must start with redis:// or rediss://');
  if (!/^\/?\d*$/.test(url.pathname))
    fail('REDIS_URL', 'may only name a database number as its path (redis://host:6379/0)');
  return value;
}

function readSessionSecrets(env: Env, production: boolean): string[] {
  const secrets = env.SESSION_SECRET?.split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  if (!secrets?.length) {
    if (production) fail('SESSION_SECRET', 'is required in production');
    // Development: a fresh random key each start; sessions end when the server restarts.
    return [Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')];
  }
  for (const secret of secrets) {
    if (Buffer.byteLength(secret) < minSecretBytes) {
      fail('SESSION_SECRET', `must be at least ${minSecretBytes} bytes (each key of the comma list)`);
    }
  }
  return secrets;
}

function readLogLevel(env: Env): LogLevel {
  const level = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!logLevels.includes(level as LogLevel)) fail('LOG_LEVEL', `must be one of ${logLevels.join(', ')}`);
  return level as LogLevel;
}

function readMetricsToken(env: Env): string | undefined {
  const token = env.METRICS_TOKEN?.trim();
  if (!token) return undefined;
  // As for SESSION_SECRET: too short to guess, and only characters an Authorization header can carry as is.
  if (Buffer.byteLength(token) < minSecretBytes) fail('METRICS_TOKEN', `must be at least ${minSecretBytes} bytes`);
  if (!/^[\x21-\x7E]+$/.test(token)) fail('METRICS_TOKEN', 'must be printable ASCII without spaces');
  return token;
}

function readOrigins(env: Env, production: boolean): string[] {
  const origins = list(env.ALLOWED_ORIGINS);
  if (!origins) return [];
  return origins.map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      fail('ALLOWED_ORIGINS', 'must be a comma list of origins such as https://www.example.com');
    }
    if (url.origin !== origin.replace(/\/$/, '')) {
      fail('ALLOWED_ORIGINS', 'must list bare origins (scheme, host, port), without a path');
    }
    // A page served over plain http can be altered on the way, and then acts with the user's session (CORS
    // with credentials, cookie-authenticated changes). Loopback pages aside: they never cross a network.
    if (production && url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      fail('ALLOWED_ORIGINS', 'must list https origins in production (http only for localhost)');
    }
    return url.origin;
  });
}

function readTrustProxy(env: Env): string[] | number {
  const value = env.TRUST_PROXY?.trim();
  if (!value) return [];
  const shape =
    'must be a comma list of proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal), or a hop count';
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > maxProxyHops) fail('TRUST_PROXY', `as a hop count must be at most ${maxProxyHops}`);
    return hops;
  }
  const entries = list(value) ?? [];
  // proxy-addr reads a bare number as an IPv4 address ("10" is 0.0.0.10): in a list it is surely a mistake.
  if (entries.some((entry) => /^\d+$/.test(entry))) fail('TRUST_PROXY', shape);
  try {
    proxyaddr.compile(entries);
  } catch {
    fail('TRUST_PROXY', shape);
  }
  return entries;
}

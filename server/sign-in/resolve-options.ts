// Checks the sign-in's options once, when the app is built, and turns them into the configuration its parts
// read. The standalone server's environment (config.ts) and createSignIn()'s options both come through here.
import proxyaddr from 'proxy-addr';
import {
  authorityUrl,
  defaultAuthorityHost,
  isGuid,
  multiTenantSegments,
  type MultiTenantSegment,
  tenantOfAuthority,
  v1IssuerHostOf,
} from '../../common/authority.ts';
import type { SignInOptions } from './options.ts';

/** Thrown for a missing or malformed setting; the message names the setting and is safe to print. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type TenantMode =
  /** One tenant: by GUID, by verified domain (`contoso.onmicrosoft.com`), or `consumers` (personal accounts). */
  | { kind: 'single'; tenant: string }
  /** `common` or `organizations`: the token's own `tid` picks the issuer; `allowed` empty = any tenant. */
  | { kind: 'multi'; tenant: MultiTenantSegment; allowed: ReadonlySet<string> };

/** The sign-in's settings, checked and with their defaults. */
export interface SignInConfig {
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
   * The reverse proxies whose `X-Forwarded-For`/`-Proto`/`-Host` are believed: addresses and CIDR ranges in
   * proxy-addr's notation (also `loopback`, `linklocal`, `uniquelocal`), or a hop count. `[]`: none.
   */
  trustProxy: string[] | number;
  databasePath: string;
}

/** The options this module checks: the public ones but the store, the logger and the rate limits. */
export type CheckedOptions = Omit<SignInOptions, 'store' | 'logger' | 'rateLimits'>;
type Key = keyof CheckedOptions;

/** How a setting is named in messages: `SESSION_SECRET` for the environment, `sessionSecret` for the library. */
export type SettingName = (key: Key) => string;

const defaultSessionMaxAge = 8 * 60 * 60; // 8 hours, a working day
const defaultSessionIdleTimeout = 60 * 60; // 1 hour
const maxSessionLifetime = 30 * 24 * 60 * 60; // 30 days
/** The shortest secret accepted, in bytes: SESSION_SECRET's keys, and METRICS_TOKEN (config.ts). */
export const minSecretBytes = 32;
const maxProxyHops = 32; // a hop count above any real chain of proxies
export const defaultDatabasePath = 'data/ms-signin.db';

const domain = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);
export const isLoopbackHost = (hostname: string): boolean => loopbackHosts.has(hostname);

/**
 * Checks `options` and returns the configuration, or throws a {@link ConfigError} whose message starts with
 * the setting's name as `name` gives it.
 */
export function resolveSignInOptions(options: CheckedOptions, name: SettingName): SignInConfig {
  const read = new OptionReader(options, name);
  const production = read.boolean('production', false);
  // Entra's `aud` is the lower-case GUID; the portal's copy button gives it so, but a hand-typed one may not be.
  const clientId = read.required('clientId').toLowerCase();
  if (!isGuid(clientId)) read.fail('clientId', 'must be the application (client) id, a GUID');
  const authority = read.authority(production);
  const sessionMaxAge = read.integer('sessionMaxAge', defaultSessionMaxAge, 60, maxSessionLifetime);
  // The default shrinks with a short maximum age; a value set on purpose must fit inside it.
  const idleDefault = Math.min(defaultSessionIdleTimeout, sessionMaxAge);
  const sessionIdleTimeout = read.integer('sessionIdleTimeout', idleDefault, 60, maxSessionLifetime);
  if (sessionIdleTimeout > sessionMaxAge) {
    read.fail('sessionIdleTimeout', `must not exceed ${name('sessionMaxAge')} (${sessionMaxAge})`);
  }
  return {
    production,
    clientId,
    authority,
    tenant: read.tenantMode(tenantOfAuthority(authority)),
    authorityHost: new URL(authority).origin,
    v1IssuerHost:
      read.string('v1IssuerHost') !== undefined ? read.host('v1IssuerHost', production) : v1IssuerHostOf(authority),
    requireNonce: read.boolean('requireNonce', true),
    apiAudiences: read.list('apiAudience') ?? [`api://${clientId}`, clientId],
    apiScope: read.scope(),
    sessionSecrets: read.sessionSecrets(production),
    sessionMaxAge,
    sessionIdleTimeout,
    redisUrl: read.redisUrl(),
    allowedOrigins: read.origins(production),
    trustProxy: read.trustProxy(),
    databasePath: read.string('databasePath') ?? defaultDatabasePath,
  };
}

/** Reads one option at a time, each failure a ConfigError naming it. */
class OptionReader {
  constructor(
    private readonly options: CheckedOptions,
    private readonly name: SettingName,
  ) {}

  fail(key: Key, problem: string): never {
    throw new ConfigError(`${this.name(key)} ${problem}`);
  }

  /** A string option, trimmed; undefined when absent or blank. */
  string(key: Key): string | undefined {
    const value: unknown = this.options[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(key, 'must be a string');
    return value.trim() || undefined;
  }

  required(key: Key, missing = 'is required'): string {
    return this.string(key) ?? this.fail(key, missing);
  }

  /** A list of non-blank strings; undefined when absent or empty. */
  list(key: Key, shape = 'must be a list of strings'): string[] | undefined {
    const value: unknown = this.options[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) this.fail(key, shape);
    const items = (value as string[]).map((item) => item.trim()).filter(Boolean);
    return items.length ? items : undefined;
  }

  boolean(key: Key, fallback: boolean): boolean {
    const value: unknown = this.options[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(key, 'must be true or false');
    return value;
  }

  integer(key: Key, fallback: number, min: number, max: number): number {
    const value: unknown = this.options[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(key, `must be a whole number from ${min} to ${max}`);
    }
    return value;
  }

  /**
   * The authority: `authority` as given (External ID, or any authority whose issuer is not on its own host),
   * else `authorityHost` + `tenantId`. Either way one tenant segment, no query or fragment.
   */
  authority(production: boolean): string {
    const full = this.string('authority');
    if (!full) {
      const host = this.host('authorityHost', production, defaultAuthorityHost);
      const missing = `is required (or ${this.name('authority')})`;
      return authorityUrl(host, this.tenantSegment('tenantId', this.string('tenantId'), missing));
    }
    if (this.string('authorityHost')) {
      this.fail('authorityHost', `must not be set with ${this.name('authority')} (its host)`);
    }
    const url = this.url('authority', full, production);
    const shape = 'must be the authority URL with its tenant, e.g. https://contoso.ciamlogin.com/<tenant id>';
    const segments = url.pathname.replace(/\/+$/, '').split('/').slice(1);
    if (segments.length !== 1) this.fail('authority', shape);
    const tenant = this.tenantSegment('authority', segments[0], shape);
    const configuredTenant = this.string('tenantId')?.toLowerCase();
    if (configuredTenant && configuredTenant !== tenant) {
      this.fail('tenantId', `must match the tenant of ${this.name('authority')} (${tenant}), or be left unset`);
    }
    return authorityUrl(url.origin, tenant);
  }

  /** A tenant segment: a GUID, a domain, or consumers, common, organizations; lower case. */
  tenantSegment(key: Key, value: string | undefined, missing: string): string {
    const tenant = value?.trim().toLowerCase();
    if (!tenant) this.fail(key, missing);
    const special = tenant === 'consumers' || (multiTenantSegments as readonly string[]).includes(tenant);
    if (!special && !isGuid(tenant) && !domain.test(tenant)) {
      this.fail(key, 'must name a tenant GUID, a domain, or common, organizations, consumers');
    }
    return tenant;
  }

  tenantMode(tenant: string): TenantMode {
    const allowed = this.list('allowedTenants', 'must be a list of tenant GUIDs') ?? [];
    if (!allowed.every(isGuid)) this.fail('allowedTenants', 'must be a list of tenant GUIDs');
    if ((multiTenantSegments as readonly string[]).includes(tenant)) {
      return {
        kind: 'multi',
        tenant: tenant as MultiTenantSegment,
        allowed: new Set(allowed.map((id) => id.toLowerCase())),
      };
    }
    if (allowed.length) this.fail('allowedTenants', 'only applies to the tenants common and organizations');
    return { kind: 'single', tenant };
  }

  /** A base URL with no path (authorityHost, v1IssuerHost), without the trailing slash. */
  host(key: Key, production: boolean, fallback?: string): string {
    const url = this.url(key, this.string(key) ?? fallback ?? '', production);
    // No path: Entra's layout ({host}/{tenant}/…) is assumed, and MSAL rewrites the first path segment.
    if (url.pathname !== '/') this.fail(key, 'must be a base URL with no path');
    return url.origin;
  }

  /** An absolute https URL with no query, fragment or user; plain http only for a local authority outside production. */
  url(key: Key, raw: string, production: boolean): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      this.fail(key, 'must be an absolute URL');
    }
    if (url.search || url.hash || url.username || url.password)
      this.fail(key, 'must not have a query, fragment or user');
    const local = url.protocol === 'http:' && isLoopbackHost(url.hostname);
    if (url.protocol !== 'https:' && !(local && !production)) {
      this.fail(key, production ? 'must be https in production' : 'must be https (http only for localhost)');
    }
    return url;
  }

  scope(): string {
    const scope = this.string('apiScope') ?? 'access_as_user';
    // A common slip: the full "api://{client id}/access_as_user" that a client requests. The token's `scp`
    // holds only the last part.
    if (scope.includes('/')) {
      this.fail(
        'apiScope',
        'must be the scope name as it appears in scp (e.g. access_as_user), not the full api:// URI',
      );
    }
    // RFC 6749 3.3 scope-token: printable ASCII without space, `"` or `\`; it also goes into WWW-Authenticate.
    if (!/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope))
      this.fail('apiScope', 'must be one scope name, without spaces or quotes');
    return scope;
  }

  sessionSecrets(production: boolean): string[] {
    const value: unknown = this.options.sessionSecret;
    const secrets = typeof value === 'string' ? [value.trim()].filter(Boolean) : this.list('sessionSecret');
    if (!secrets?.length) {
      if (production) this.fail('sessionSecret', 'is required in production');
      // Development: a fresh random key each start; sessions end when the server restarts.
      return [Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')];
    }
    if (secrets.some((secret) => Buffer.byteLength(secret) < minSecretBytes)) {
      this.fail('sessionSecret', `must be at least ${minSecretBytes} bytes (each key of the list)`);
    }
    return secrets;
  }

  redisUrl(): string | undefined {
    const value = this.string('redisUrl');
    if (!value) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.fail('redisUrl', 'must be a URL such as redis://localhost:6379 (or rediss:// for TLS)');
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
      this.fail('redisUrl', 'must start with redis:// or rediss://');
    if (!/^\/?\d*$/.test(url.pathname)) {
      this.fail('redisUrl', 'may only name a database number as its path (redis://host:6379/0)');
    }
    return value;
  }

  origins(production: boolean): string[] {
    const shape = 'must list origins such as https://www.example.com';
    return (this.list('allowedOrigins', shape) ?? []).map((origin) => {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        this.fail('allowedOrigins', shape);
      }
      if (url.origin !== origin.replace(/\/$/, '')) {
        this.fail('allowedOrigins', 'must list bare origins (scheme, host, port), without a path');
      }
      // A page served over plain http can be altered on the way, and then acts with the user's session (CORS
      // with credentials, cookie-authenticated changes). Loopback pages aside: they never cross a network.
      if (production && url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
        this.fail('allowedOrigins', 'must list https origins in production (http only for localhost)');
      }
      return url.origin;
    });
  }

  trustProxy(): string[] | number {
    const value: unknown = this.options.trustProxy;
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0 || value > maxProxyHops) {
        this.fail('trustProxy', `as a hop count must be a whole number from 0 to ${maxProxyHops}`);
      }
      return value;
    }
    const shape = 'must list proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal), or be a hop count';
    const entries = this.list('trustProxy', shape) ?? [];
    // proxy-addr reads a bare number as an IPv4 address ("10" is 0.0.0.10): in a list it is surely a mistake.
    if (entries.some((entry) => /^\d+$/.test(entry))) this.fail('trustProxy', shape);
    try {
      proxyaddr.compile(entries);
    } catch {
      this.fail('trustProxy', shape);
    }
    return entries;
  }
}

// Reads the standalone server's configuration once from the environment (and .env) into a typed object: the
// sign-in's settings, checked by sign-in/resolve-options.ts as createSignIn()'s options are, and the server's own.
import type { SignInOptions } from './sign-in/options.ts';
import {
  ConfigError,
  type CheckedOptions,
  minSecretBytes,
  resolveSignInOptions,
  type SignInConfig,
} from './sign-in/resolve-options.ts';

export { ConfigError, isLoopbackHost, type TenantMode } from './sign-in/resolve-options.ts';

export interface Config extends SignInConfig {
  /** App role that opens /api/admin (ADMIN_ROLE). */
  adminRole: string;
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

const defaultPort = 3000;
const defaultTaskQuota = 1000; // tasks per user
/** The standalone server keeps its sessions beside the demo's tasks. */
const defaultDatabasePath = 'data/app.db';

type Env = Record<string, string | undefined>;

/** Each sign-in option's environment variable (docs/configuration.md). */
const variables: Record<keyof CheckedOptions, string> = {
  clientId: 'ENTRA_CLIENT_ID',
  tenantId: 'ENTRA_TENANT_ID',
  authority: 'ENTRA_AUTHORITY',
  authorityHost: 'ENTRA_AUTHORITY_HOST',
  allowedTenants: 'ENTRA_ALLOWED_TENANTS',
  v1IssuerHost: 'ENTRA_V1_ISSUER_HOST',
  requireNonce: 'ENTRA_REQUIRE_NONCE',
  apiAudience: 'ENTRA_API_AUDIENCE',
  apiScope: 'ENTRA_API_SCOPE',
  sessionSecret: 'SESSION_SECRET',
  sessionMaxAge: 'SESSION_MAX_AGE',
  sessionIdleTimeout: 'SESSION_IDLE_TIMEOUT',
  allowedOrigins: 'ALLOWED_ORIGINS',
  trustProxy: 'TRUST_PROXY',
  databasePath: 'DATABASE_PATH',
  redisUrl: 'REDIS_URL',
  production: 'NODE_ENV',
};

/** Validates `env` and returns the configuration, or throws a {@link ConfigError} naming the variable. */
export function loadConfig(env: Env): Config {
  const production = env.NODE_ENV === 'production';
  return {
    ...resolveSignInOptions(signInOptionsOf(env), (key) => variables[key]),
    adminRole: env.ADMIN_ROLE?.trim() || 'Admin',
    taskQuota: readInteger(env, 'TASK_QUOTA', defaultTaskQuota, 1, 1_000_000),
    port: readInteger(env, 'PORT', defaultPort, 0, 65535),
    host: env.HOST?.trim() || (production ? '0.0.0.0' : 'localhost'),
    logLevel: readLogLevel(env),
    metricsToken: readMetricsToken(env),
  };
}

/** The sign-in options the environment gives: strings as they are, lists split on commas, numbers and booleans parsed. */
function signInOptionsOf(env: Env): CheckedOptions {
  const value = (key: keyof CheckedOptions) => env[variables[key]]?.trim() || undefined;
  const list = (key: keyof CheckedOptions) => value(key)?.split(',');
  // Not a whole number: NaN, which the check refuses with the allowed range.
  const integer = (key: keyof CheckedOptions) => {
    const text = value(key);
    return text === undefined ? undefined : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  };
  // A hop count, or a list of proxies.
  const trustProxy = /^\d+$/.test(value('trustProxy') ?? '') ? integer('trustProxy') : list('trustProxy');
  return {
    clientId: value('clientId') ?? '',
    tenantId: value('tenantId'),
    authority: value('authority'),
    authorityHost: value('authorityHost'),
    allowedTenants: list('allowedTenants'),
    v1IssuerHost: value('v1IssuerHost'),
    requireNonce: readBoolean(env, variables.requireNonce),
    apiAudience: list('apiAudience'),
    apiScope: value('apiScope'),
    sessionSecret: list('sessionSecret'),
    sessionMaxAge: integer('sessionMaxAge'),
    sessionIdleTimeout: integer('sessionIdleTimeout'),
    allowedOrigins: list('allowedOrigins'),
    trustProxy,
    databasePath: value('databasePath') ?? defaultDatabasePath,
    redisUrl: value('redisUrl'),
    production: env.NODE_ENV === 'production',
  } satisfies Partial<SignInOptions>;
}

function fail(name: string, problem: string): never {
  throw new ConfigError(`${name} ${problem}`);
}

function readBoolean(env: Env, name: string): boolean | undefined {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return undefined;
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

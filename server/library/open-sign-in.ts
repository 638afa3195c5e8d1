// What both library entries do in createSignIn(): check the options, open the stores (or take the one given),
// build the sign-in's parts (sign-in/create-sign-in.ts), and close what was opened.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HttpError, StoreUnavailableError } from '../errors.ts';
import type { SessionStore } from '../session/session-store.ts';
import { createSignInParts, type SignInParts, type SignInStores } from '../sign-in/create-sign-in.ts';
import type { SignInLogger, SignInOptions } from '../sign-in/options.ts';
import { ConfigError, resolveSignInOptions } from '../sign-in/resolve-options.ts';
import { memoryRateLimiter, openStores } from '../stores.ts';

/** Every option's name, to refuse a misspelt one rather than ignore it (checked complete by the compiler). */
const optionNames = Object.keys({
  clientId: true,
  tenantId: true,
  authority: true,
  authorityHost: true,
  allowedTenants: true,
  v1IssuerHost: true,
  requireNonce: true,
  apiAudience: true,
  apiScope: true,
  sessionSecret: true,
  sessionMaxAge: true,
  sessionIdleTimeout: true,
  allowedOrigins: true,
  trustProxy: true,
  databasePath: true,
  redisUrl: true,
  store: true,
  production: true,
  rateLimits: true,
  logger: true,
} satisfies Record<keyof SignInOptions, true>) as Array<keyof SignInOptions>;
/** A session store's methods, to refuse a store that lacks one when createSignIn() is called (complete, as above). */
const storeMethods = Object.keys({
  create: true,
  get: true,
  touch: true,
  remove: true,
  removeAll: true,
  list: true,
  redeemNonce: true,
  close: true,
} satisfies Record<keyof SessionStore, true>) as Array<keyof SessionStore>;

/**
 * The drop-in element as the package ships it (dist/sdk beside dist/lib), served under the routes at `sdk/`;
 * none when running from the repository's sources.
 */
const packagedSdk = fileURLToPath(new URL('../sdk/', import.meta.url));

export interface OpenedSignIn {
  parts: SignInParts;
  /** Closes the stores opened here (not a `store` passed in). */
  close(): Promise<void>;
}

/**
 * Checks `options` and builds the sign-in. Rejects with a {@link ConfigError} whose one line names the option
 * (`createSignIn: options.sessionSecret must be at least 32 bytes …`).
 */
export async function openSignIn(options: SignInOptions): Promise<OpenedSignIn> {
  const { store, logger, rateLimits, ...settings } = checkShape(options);
  const config = withPrefix(() =>
    resolveSignInOptions(
      { ...settings, production: settings.production ?? process.env.NODE_ENV === 'production' },
      (key) => `options.${key}`,
    ),
  );
  const stores: SignInStores & { close(): Promise<void> } = store
    ? { sessions: unavailableWhenFailing(store), rateLimiter: memoryRateLimiter, close: async () => {} }
    : await openStores(config, logger, { databasePath: 'options.databasePath', redisUrl: 'options.redisUrl' });
  try {
    const parts = await createSignInParts(config, stores, {
      logger,
      logSecurityEvents: true,
      rateLimits,
      ...(existsSync(packagedSdk) && { sdkRoot: packagedSdk }),
    });
    return { parts, close: () => stores.close() };
  } catch (error) {
    await stores.close();
    throw error;
  }
}

/**
 * A store of the host's own, whose failures (a database that cannot be reached) are answered 503
 * `store_unavailable`, as the SQLite and Redis stores' are: never a 500, never a session accepted unchecked.
 */
function unavailableWhenFailing(store: SessionStore): SessionStore {
  const guarded = {} as Record<keyof SessionStore, unknown>;
  for (const method of storeMethods) {
    guarded[method] = async (...args: unknown[]) => {
      try {
        return await (store[method] as (...args: unknown[]) => Promise<unknown>).apply(store, args);
      } catch (cause) {
        throw cause instanceof HttpError ? cause : new StoreUnavailableError({ cause });
      }
    };
  }
  return guarded as unknown as SessionStore;
}

/** The options that resolve-options.ts does not check: their names, the store, the logger, the rate limits. */
function checkShape(options: SignInOptions): SignInOptions {
  const fail = (problem: string): never => {
    throw new ConfigError(`createSignIn: ${problem}`);
  };
  if (typeof options !== 'object' || options === null) fail('expects an options object ({ clientId, tenantId, … })');
  for (const name of Object.keys(options)) {
    if (!(optionNames as readonly string[]).includes(name)) {
      const near = optionNames.find((known) => looselyEqual(known, name) || known.startsWith(name));
      fail(`unknown option ${name}${near ? ` (did you mean ${near}?)` : ''}`);
    }
  }
  const { store, logger, rateLimits } = options;
  if (store !== undefined) {
    const missing = storeMethods.filter((method) => typeof store?.[method] !== 'function');
    if (missing.length) fail(`options.store must be a session store: it has no ${missing.join(', ')} method`);
    if (options.redisUrl) fail('options.store and options.redisUrl cannot both be set');
  }
  if (logger !== undefined && (typeof logger?.warn !== 'function' || typeof logger?.error !== 'function')) {
    fail('options.logger must have warn and error methods (a pino logger, or console)');
  }
  for (const [name, value] of Object.entries(rateLimits ?? {})) {
    if (name !== 'signIn' && name !== 'nonce') fail(`options.rateLimits.${name} is not a rate limit (signIn, nonce)`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      fail(`options.rateLimits.${name} must be a whole number of requests a minute, at least 1`);
    }
  }
  return options;
}

/** `sessionSecrets` for `sessionSecret`, `allowedorigins` for `allowedOrigins`: the likely slips. */
const looselyEqual = (a: string, b: string) => a.toLowerCase().replace(/s$/, '') === b.toLowerCase().replace(/s$/, '');

function withPrefix<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`createSignIn: ${error.message}`);
    throw error;
  }
}

export type { SignInLogger };

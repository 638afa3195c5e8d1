// Starts the real app on an ephemeral port against an Entra stand-in, and signs in like a browser would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type AppOptions, createApp } from '../../server/app.ts';
import { type Config, loadConfig } from '../../server/config.ts';
import { openStores } from '../../server/stores.ts';
import { clientId, type EntraSigner, startEntraSigner, tenantId } from './entra-signer.ts';
import { serveOnEphemeralPort } from './http.ts';
import { signInClient } from './sign-in-client.ts';

export const sessionSecret = 'test-session-secret-of-at-least-32-bytes!';

/** A fresh, empty task database file in its own temporary folder. */
export const tempDatabasePath = () => join(mkdtempSync(join(tmpdir(), 'ms-signin-db-')), 'app.db');

/**
 * Starts the app; its database is a fresh temporary file unless `env.DATABASE_PATH` names one (pass the
 * same path again to test a restart), and its sessions there unless `env.REDIS_URL` names a Redis.
 * `close()` stops the server and closes the stores.
 */
export async function startTestApp(signer: EntraSigner, env: Record<string, string> = {}, options: AppOptions = {}) {
  const config = loadConfig({
    ENTRA_CLIENT_ID: clientId,
    ENTRA_TENANT_ID: tenantId,
    ENTRA_AUTHORITY_HOST: signer.authority,
    SESSION_SECRET: sessionSecret,
    DATABASE_PATH: tempDatabasePath(),
    ...env,
  });
  const stores = await openStores(config, options.logger);
  const { database } = stores;
  // Requests for the stand-in's public origin (https://login.microsoftonline.us, say) reach the stand-in.
  const app = await createApp(config, stores, {
    rateLimits: { signIn: 10_000, nonce: 10_000 },
    fetch: signer.fetch,
    ...options,
  });
  // The Node bindings too, so the app sees the socket's peer address (rate limits, TRUST_PROXY).
  const server = await serveOnEphemeralPort((request, env) => app.fetch(request, env));
  const url = server.url;

  const { getNonce, postIdToken, signIn, bearer } = signInClient(url, signer);

  async function close() {
    await server.close();
    await stores.close();
    // The temporary folder made here goes too; a DATABASE_PATH the test chose stays for it to reopen.
    if (!env.DATABASE_PATH) rmSync(dirname(config.databasePath), { recursive: true, force: true });
  }

  return { url, config, database, stores, close, getNonce, postIdToken, signIn, bearer };
}

/**
 * A test file's Entra stand-in and app, started before its tests and stopped after them: read `app` and
 * `signer` inside the tests (they exist once `beforeAll` has run).
 *
 * @example const running = useTestApp(); it('…', async () => fetch(`${running.app.url}/healthz`));
 */
export function useTestApp(env: Record<string, string> = {}, options: AppOptions = {}) {
  let signer: EntraSigner | undefined;
  let app: TestApp | undefined;
  beforeAll(async () => {
    signer = await startEntraSigner();
    app = await startTestApp(signer, env, options);
  });
  afterAll(async () => {
    await app?.close();
    await signer?.close();
  });
  return {
    get signer(): EntraSigner {
      return signer!;
    },
    get app(): TestApp {
      return app!;
    },
  };
}

/** The app on an in-memory database, for `app.request()` tests that need no server nor sign-in. */
export async function inMemoryApp(config: Config, options: AppOptions = {}) {
  return createApp(
    { ...config, databasePath: ':memory:' },
    await openStores({ ...config, databasePath: ':memory:' }),
    options,
  );
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

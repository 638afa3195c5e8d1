import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientId, type EntraSigner, startEntraSigner, tenantId } from '../../test/support/entra-signer.ts';
import { serveOnEphemeralPort } from '../../test/support/http.ts';
import { signInClient } from '../../test/support/sign-in-client.ts';
import { tempDatabasePath } from '../../test/support/test-app.ts';
import type { SessionRecord, SessionStore } from '../session/session-store.ts';
import type { SignInOptions } from '../sign-in/options.ts';
import { createSignIn } from './hono.ts';

// createSignIn()'s options (both entries share them: open-sign-in.ts): checked when it is called, each mistake one
// line naming the option; a store of the host's own; the host's logger.
const secret = 'a-host-app-secret-of-at-least-32-bytes';
const valid: SignInOptions = { clientId, tenantId, sessionSecret: secret, databasePath: ':memory:' };

async function refusal(options: unknown): Promise<string> {
  const error = await createSignIn(options as SignInOptions).then(
    async (signIn) => {
      await signIn.close();
      return new Error('expected createSignIn() to reject');
    },
    (error: Error) => error,
  );
  expect(error.name).toBe('ConfigError');
  expect(error.message).not.toContain('\n');
  return error.message;
}

describe('createSignIn() options', () => {
  it('rejects a wrong option with one line naming it', async () => {
    expect(await refusal({ ...valid, clientId: undefined })).toBe('createSignIn: options.clientId is required');
    expect(await refusal({ ...valid, clientId: 'my-app' })).toMatch(/^createSignIn: options\.clientId must be/);
    expect(await refusal({ ...valid, tenantId: undefined })).toBe(
      'createSignIn: options.tenantId is required (or options.authority)',
    );
    expect(await refusal({ ...valid, sessionSecret: 'short' })).toBe(
      'createSignIn: options.sessionSecret must be at least 32 bytes (each key of the list)',
    );
    expect(await refusal({ ...valid, sessionSecret: [secret, 'short'] })).toMatch(/options\.sessionSecret/);
    expect(await refusal({ ...valid, sessionMaxAge: '3600' })).toMatch(
      /^createSignIn: options\.sessionMaxAge must be a whole number/,
    );
    expect(await refusal({ ...valid, sessionMaxAge: 600, sessionIdleTimeout: 900 })).toBe(
      'createSignIn: options.sessionIdleTimeout must not exceed options.sessionMaxAge (600)',
    );
    expect(await refusal({ ...valid, allowedOrigins: 'https://www.example.com' })).toMatch(/options\.allowedOrigins/);
    expect(await refusal({ ...valid, allowedOrigins: ['https://www.example.com/app'] })).toMatch(
      /options\.allowedOrigins/,
    );
    expect(await refusal({ ...valid, trustProxy: 'loopback' })).toMatch(/options\.trustProxy/);
    expect(await refusal({ ...valid, requireNonce: 'false' })).toBe(
      'createSignIn: options.requireNonce must be true or false',
    );
    expect(await refusal({ ...valid, redisUrl: 'http://cache:6379' })).toMatch(/options\.redisUrl/);
    expect(await refusal({ ...valid, rateLimits: { signIn: 0 } })).toMatch(/options\.rateLimits\.signIn/);
    expect(await refusal({ ...valid, logger: {} })).toMatch(/options\.logger/);
    expect(await refusal({ ...valid, store: {} })).toMatch(/^createSignIn: options\.store must be a session store/);
    expect(await refusal(undefined)).toMatch(/^createSignIn: expects an options object/);
  });

  it('names an unknown option, and the one that was probably meant', async () => {
    expect(await refusal({ ...valid, sessionSecrets: [secret] })).toBe(
      'createSignIn: unknown option sessionSecrets (did you mean sessionSecret?)',
    );
    expect(await refusal({ ...valid, tenant: tenantId })).toBe(
      'createSignIn: unknown option tenant (did you mean tenantId?)',
    );
    expect(await refusal({ ...valid, cookieName: 'x' })).toBe('createSignIn: unknown option cookieName');
  });

  it('keeps the production rules: a secret, and https authorities only', async () => {
    const { sessionSecret: _, ...withoutSecret } = valid;
    expect(await refusal({ ...withoutSecret, production: true })).toBe(
      'createSignIn: options.sessionSecret is required in production',
    );
    expect(await refusal({ ...valid, production: true, authorityHost: 'http://localhost:3000' })).toBe(
      'createSignIn: options.authorityHost must be https in production',
    );
  });

  it('names databasePath when its file cannot be opened', async () => {
    const notADatabase = join(mkdtempSync(join(tmpdir(), 'not-a-db-')), 'app.db');
    writeFileSync(notADatabase, 'this is not SQLite');
    await expect(createSignIn({ ...valid, databasePath: notADatabase })).rejects.toThrow(
      `cannot open the database ${notADatabase} (options.databasePath): file is not a database`,
    );
  });
});

/** A session store of the host's own, as a team with Postgres would write one: a Map here, whose calls are seen. */
function mapStore() {
  const records = new Map<string, SessionRecord>();
  const nonces = new Map<string, number>();
  const calls: string[] = [];
  const store: SessionStore = {
    async create(record) {
      calls.push('create');
      records.set(record.id, { ...record });
    },
    async get(id) {
      return records.get(id);
    },
    async touch(id, lastSeenAt) {
      const record = records.get(id);
      if (record) record.lastSeenAt = lastSeenAt;
    },
    async remove(id) {
      calls.push('remove');
      return records.delete(id);
    },
    async removeAll(tenant, user) {
      const mine = [...records.values()].filter((r) => r.tenantId === tenant && r.userId === user);
      for (const record of mine) records.delete(record.id);
      return mine.length;
    },
    async list(tenant, user) {
      return [...records.values()].filter((r) => r.tenantId === tenant && r.userId === user);
    },
    async redeemNonce(nonce, expiresAt) {
      calls.push('redeemNonce');
      if (nonces.has(nonce)) return false;
      nonces.set(nonce, expiresAt);
      return true;
    },
    async close() {
      calls.push('close');
    },
  };
  return { store, records, calls };
}

describe('createSignIn() with a store and a logger of the host’s own', () => {
  let signer: EntraSigner;
  const custom = mapStore();
  const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
  let url: string;
  let stop: () => Promise<void>;
  let closeSignIn: () => Promise<void>;

  beforeAll(async () => {
    signer = await startEntraSigner();
    const signIn = await createSignIn({
      clientId,
      tenantId,
      authorityHost: signer.authority,
      sessionSecret: secret,
      store: custom.store,
      logger: {
        warn: (fields, message) => lines.push({ fields: fields as Record<string, unknown>, message }),
        error: (fields, message) => lines.push({ fields: fields as Record<string, unknown>, message }),
      },
    });
    closeSignIn = signIn.close;
    const app = new Hono().route('/auth', signIn.routes);
    app.get('/hello', signIn.requireUser(), (c) => c.text(`Hello, ${c.get('user').name}`));
    const server = await serveOnEphemeralPort((request, env) => app.fetch(request, env));
    url = server.url;
    stop = server.close;
  });
  afterAll(async () => {
    await stop?.();
    await signer?.close();
  });

  it('keeps sessions and redeemed nonces in the store given, and sign-out ends them there', async () => {
    const client = signInClient(url, signer);
    const { sessionCookie } = await client.signIn({ name: 'Adele Vance' });
    expect(custom.records.size).toBe(1);
    expect(custom.calls).toEqual(['redeemNonce', 'create']);
    expect(await (await fetch(`${url}/hello`, { headers: { Cookie: sessionCookie! } })).text()).toBe(
      'Hello, Adele Vance',
    );
    await fetch(`${url}/auth/logout`, { method: 'POST', headers: { Cookie: sessionCookie!, Origin: url } });
    expect(custom.records.size).toBe(0);
    expect((await fetch(`${url}/hello`, { headers: { Cookie: sessionCookie! } })).status).toBe(401);
  });

  it('writes security events to the logger, never the token', async () => {
    const forged = await signer.sign(signer.idTokenClaims({ aud: 'someone-else' }));
    await signInClient(url, signer).postIdToken({ id_token: forged });
    const event = lines.find((line) => line.fields.event === 'token_refused');
    expect(event).toMatchObject({
      message: 'token refused',
      fields: { code: 'audience_invalid', route: '/auth/microsoft' },
    });
    expect(JSON.stringify(lines)).not.toContain(forged.split('.')[1]);
  });

  it('answers 503 store_unavailable while the store fails, and recovers with it', async () => {
    const { sessionCookie } = await signInClient(url, signer).signIn();
    const get = custom.store.get;
    custom.store.get = async () => {
      throw new Error('connection refused'); // the host's database is down
    };
    const down = await fetch(`${url}/hello`, { headers: { Cookie: sessionCookie! } });
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ error: 'store_unavailable' });
    custom.store.get = get;
    expect((await fetch(`${url}/hello`, { headers: { Cookie: sessionCookie! } })).status).toBe(200);
  });

  it('close() leaves a store it did not open to its owner', async () => {
    await closeSignIn();
    expect(custom.calls).not.toContain('close');
  });
});

describe('createSignIn() with its own SQLite file', () => {
  it('keeps sessions across a restart of the app, and close() closes the file', async () => {
    const signer = await startEntraSigner();
    const databasePath = tempDatabasePath();
    const options = { clientId, tenantId, authorityHost: signer.authority, sessionSecret: secret, databasePath };
    const serveOnce = async () => {
      const signIn = await createSignIn(options);
      const app = new Hono().route('/auth', signIn.routes);
      app.get('/hello', signIn.requireUser(), (c) => c.text(c.get('user').name));
      const server = await serveOnEphemeralPort((request, env) => app.fetch(request, env));
      return { url: server.url, stop: async () => (await server.close(), await signIn.close()) };
    };
    const first = await serveOnce();
    const { sessionCookie } = await signInClient(first.url, signer).signIn({ name: 'Megan Bowen' });
    await first.stop();
    const second = await serveOnce();
    expect(await (await fetch(`${second.url}/hello`, { headers: { Cookie: sessionCookie! } })).text()).toBe(
      'Megan Bowen',
    );
    await second.stop();
    await signer.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../store/database.ts';
import type { SessionRecord } from './session-store.ts';
import { createSqliteSessionStore } from './sqlite-session-store.ts';

const hour = 3600_000;
const record = (id: string, lastSeenAt: number, expiresAt: number): SessionRecord => ({
  id,
  tenantId: 't',
  userId: 'u',
  createdAt: lastSeenAt,
  lastSeenAt,
  expiresAt,
  userAgent: '',
  client: '',
});
afterEach(() => {
  vi.useRealTimers();
});
const folder = mkdtempSync(join(tmpdir(), 'ms-signin-sessions-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const aMillisecond = () => new Promise((resolve) => setTimeout(resolve, 2));

/** Two stores on one file, as two workers (WEB_CONCURRENCY) or two servers on one DATABASE_PATH have. */
function twoStoresOnOneFile(name: string) {
  const path = join(folder, `${name}.db`);
  const [first, second] = [openDatabase(path), openDatabase(path)];
  const stores = [createSqliteSessionStore(first, hour), createSqliteSessionStore(second, hour)] as const;
  const close = async () => {
    for (const store of stores) await store.close();
    first.close();
    second.close();
  };
  return { stores, close };
}

describe('createSqliteSessionStore()', () => {
  it('sweeps sessions past their end or idle deadline, and nonces past theirs, every 5 minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const db = openDatabase(':memory:');
    const store = createSqliteSessionStore(db, hour);
    const now = Date.now();
    await store.create(record('live', now, now + 8 * hour));
    await store.create(record('ends-soon', now, now + 2 * 60_000));
    await store.create(record('idles-soon', now - hour + 60_000, now + 8 * hour));
    expect(await store.redeemNonce('n', now + 60_000)).toBe(true);
    const rows = () => db.prepare('SELECT id FROM sessions ORDER BY id').pluck().all();

    vi.advanceTimersByTime(5 * 60_000);
    expect(rows()).toEqual(['live']);
    expect(db.prepare('SELECT count(*) FROM redeemed_nonces').pluck().get()).toBe(0);
    // A swept nonce could be redeemed again only after it expired: by then its cookie is refused anyway.
    expect(await store.redeemNonce('n', Date.now() + 60_000)).toBe(true);
    await store.close();
    db.close();
  });

  it('redeems a nonce once', async () => {
    const db = openDatabase(':memory:');
    const store = createSqliteSessionStore(db, hour);
    expect(await store.redeemNonce('n', Date.now() + 60_000)).toBe(true);
    expect(await store.redeemNonce('n', Date.now() + 60_000)).toBe(false);
    await store.close();
    db.close();
  });

  it('sees a session ended by another connection within a millisecond, though it keeps the records it read', async () => {
    const { stores, close } = twoStoresOnOneFile('revoked');
    const [serving, other] = stores;
    const now = Date.now();
    await serving.create(record('a', now, now + hour));
    await serving.create(record('b', now, now + hour));
    expect(await serving.get('a')).toMatchObject({ id: 'a' });
    expect(await serving.get('b')).toMatchObject({ id: 'b' });

    await other.remove('a');
    await aMillisecond();
    expect(await serving.get('a')).toBeUndefined();
    await other.removeAll('t', 'u');
    await aMillisecond();
    expect(await serving.get('b')).toBeUndefined();
    await close();
  });

  it('sees the activity another connection recorded', async () => {
    const { stores, close } = twoStoresOnOneFile('touched');
    const [serving, other] = stores;
    const now = Date.now();
    await serving.create(record('a', now - 120_000, now + hour));
    expect((await serving.get('a'))?.lastSeenAt).toBe(now - 120_000);
    await other.touch('a', now);
    await aMillisecond();
    expect((await serving.get('a'))?.lastSeenAt).toBe(now);
    await close();
  });

  it('forgets what it ended or touched itself at once', async () => {
    const db = openDatabase(':memory:');
    const store = createSqliteSessionStore(db, hour);
    const now = Date.now();
    await store.create(record('a', now - 120_000, now + hour));
    await store.create(record('b', now, now + hour));
    await store.get('a');
    await store.get('b');
    await store.touch('a', now);
    expect((await store.get('a'))?.lastSeenAt).toBe(now);
    await store.remove('a');
    expect(await store.get('a')).toBeUndefined();
    await store.removeAll('t', 'u');
    expect(await store.get('b')).toBeUndefined();
    await store.close();
    db.close();
  });
});

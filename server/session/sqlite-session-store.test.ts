import { afterEach, describe, expect, it, vi } from 'vitest';
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
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../../test/support/redis.ts';
import { connectRedis } from '../store/redis.ts';
import { createRedisSessionStore } from './redis-session-store.ts';
import type { SessionRecord, SessionStore } from './session-store.ts';

// The Redis session store against a real redis-server: what it sends to Redis, counted by Redis itself.
const hour = 3600_000;
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

async function openStore(): Promise<SessionStore> {
  const client = await connectRedis(redis.url);
  const subscriber = client.duplicate(); // as stores.ts connects it
  await subscriber.connect();
  return createRedisSessionStore(client, subscriber, hour);
}

/** How many times Redis has run `command` since start-up, from INFO commandstats. */
async function callsOf(command: string): Promise<number> {
  const client = await connectRedis(redis.url);
  try {
    const stats = await client.info('commandstats');
    return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
  } finally {
    client.disconnect();
  }
}

const recordOf = (id: string, userId: string, lifetimeMs: number): SessionRecord => {
  const now = Date.now();
  return {
    id,
    tenantId: 't',
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + lifetimeMs,
    userAgent: '',
    client: '',
  };
};

describe('createRedisSessionStore()', () => {
  it('keeps a user’s older, longer sessions in their index when a shorter one ends first (SESSION_MAX_AGE lowered)', async () => {
    const store = await openStore();
    // Signed in under the old SESSION_MAX_AGE of 8 hours, then again after it was lowered: 300 ms here.
    await store.create(recordOf('long', 'lowered', 8 * hour));
    await store.create(recordOf('short', 'lowered', 300));
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect((await store.list('t', 'lowered')).map((record) => record.id)).toEqual(['long']);
    // "Sign out everywhere" finds it, and ends it.
    expect(await store.removeAll('t', 'lowered')).toBe(1);
    expect(await store.get('long')).toBeUndefined();
    await store.close();
  });

  it('lets the index expire with the longest session, not before and not never', async () => {
    const store = await openStore();
    await store.create(recordOf('first', 'index', 2 * hour));
    await store.create(recordOf('second', 'index', hour));
    const client = await connectRedis(redis.url);
    try {
      const ttl = await client.pttl('ms-signin:user-sessions:t:index');
      expect(ttl).toBeGreaterThan(2 * hour - 60_000);
      expect(ttl).toBeLessThanOrEqual(2 * hour);
    } finally {
      client.disconnect();
    }
    await store.close();
  });

  it('reads a session it has not cached once for all the requests that ask at the same time', async () => {
    const now = Date.now();
    const record: SessionRecord = {
      id: 'concurrent',
      tenantId: 't',
      userId: 'u',
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + 8 * hour,
      userAgent: '',
      client: '',
    };
    const writer = await openStore();
    await writer.create(record);
    const reader = await openStore(); // another instance: nothing cached
    const before = await callsOf('hgetall');

    const results = await Promise.all(Array.from({ length: 20 }, () => reader.get('concurrent')));

    expect(results.every((result) => result?.id === 'concurrent')).toBe(true);
    expect((await callsOf('hgetall')) - before).toBe(1);
    expect(await reader.get('unknown')).toBeUndefined();
    await Promise.all([writer.close(), reader.close()]);
  });
});

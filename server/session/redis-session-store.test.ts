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

describe('createRedisSessionStore()', () => {
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

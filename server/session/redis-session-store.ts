// Session records and redeemed nonces in Redis, shared by every instance, with a short in-process cache
// that Redis pub/sub empties the moment a session ends anywhere.
import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.ts';
import {
  endOf,
  isLive,
  parseProfile,
  serializeProfile,
  type SessionRecord,
  type SessionStore,
} from './session-store.ts';

/**
 * How long an instance may answer from its cache, in milliseconds: the longest a revocation can take to
 * reach an instance if its pub/sub message were lost without the connection dropping (a dropped
 * connection empties the cache). Normally a revocation arrives in about a millisecond.
 */
export const sessionCacheTtl = 2_000;
/** Records cached per instance: bounded, so a flood of sessions cannot grow memory. */
const maxCachedSessions = 10_000;

const prefix = 'ms-signin:';
const sessionKey = (id: string) => `${prefix}session:${id}`;
const userKey = (tenantId: string, userId: string) => `${prefix}user-sessions:${tenantId}:${userId}`;
const nonceKey = (nonce: string) => `${prefix}nonce:${nonce}`;
const revocations = `${prefix}revoked`;

// Updates the activity of a session that still exists, never re-creating one ended meanwhile (HSET alone would).
const touchScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1])
local expiresAt = tonumber(redis.call('HGET', KEYS[1], 'expiresAt'))
redis.call('PEXPIREAT', KEYS[1], math.min(expiresAt, tonumber(ARGV[1]) + tonumber(ARGV[2])))
return 1`;

// Adds a session to its user's index, whose expiry only ever moves later: each session ends by its own absolute
// end, so the index must outlive the longest of them. Setting it to the newest session's end instead would drop
// older, longer sessions from "sign out everywhere" and GET /api/sessions once SESSION_MAX_AGE is lowered.
// PTTL and PEXPIRE, not PEXPIREAT's GT option: Redis before 7.0 has no GT, and GT ignores a key without expiry.
const indexScript = `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

type Fields = Record<string, string>;

function toRecord(id: string, fields: Fields): SessionRecord | undefined {
  const { tenantId, userId, createdAt, lastSeenAt, expiresAt, userAgent, client, profile } = fields;
  if (!tenantId || !userId || !createdAt || !lastSeenAt || !expiresAt) return undefined;
  return {
    id,
    tenantId,
    userId,
    createdAt: Number(createdAt),
    lastSeenAt: Number(lastSeenAt),
    expiresAt: Number(expiresAt),
    userAgent: userAgent ?? '',
    client: client ?? '',
    profile: parseProfile(profile),
  };
}

/**
 * A {@link SessionStore} in Redis. `redis` runs commands; `subscriber` (a second connection, from
 * `redis.duplicate()`) hears revocations. Keys expire by themselves at the session's end, so Redis needs
 * no sweeping. Any failure to reach Redis rejects with a {@link StoreUnavailableError} (503). The cache
 * is used only while the subscriber is connected: without it, a revocation could be missed.
 */
export async function createRedisSessionStore(
  redis: Redis,
  subscriber: Redis,
  idleTimeoutMs: number,
): Promise<SessionStore> {
  const cache = new Map<string, { record: SessionRecord; cachedAt: number }>();
  const reads = new Map<string, Promise<SessionRecord | undefined>>(); // in flight only: bounded by the requests
  const forget = (ids: Iterable<string>) => {
    for (const id of ids) cache.delete(id);
  };
  subscriber.on('message', (channel: string, message: string) => {
    if (channel === revocations) forget(message.split(','));
  });
  // Messages sent while disconnected are lost for good: start again from Redis itself.
  subscriber.on('close', () => cache.clear());
  await subscriber.subscribe(revocations);

  const remember = (record: SessionRecord) => {
    cache.delete(record.id); // re-inserted last: the Map's order is then least recently cached first
    if (cache.size >= maxCachedSessions) forget([cache.keys().next().value!]);
    cache.set(record.id, { record, cachedAt: Date.now() });
  };
  const cached = (id: string) => {
    const entry = cache.get(id);
    if (!entry || subscriber.status !== 'ready' || Date.now() - entry.cachedAt > sessionCacheTtl) return undefined;
    return entry.record;
  };
  const revoke = async (ids: string[]) => {
    forget(ids);
    if (ids.length) await redis.publish(revocations, ids.join(','));
  };

  return {
    create: (record) =>
      reach(async () => {
        const { id, profile, ...fields } = record;
        const profileText = serializeProfile(profile);
        const sessions = userKey(record.tenantId, record.userId);
        await redis
          .multi()
          .hset(sessionKey(id), profileText === undefined ? fields : { ...fields, profile: profileText })
          .pexpireat(sessionKey(id), endOf(record, idleTimeoutMs))
          .eval(indexScript, 1, sessions, id, Math.max(1, record.expiresAt - Date.now()))
          .exec();
        remember(record);
      }),

    get: (id) =>
      reach(async () => {
        const hit = cached(id);
        if (hit) return hit;
        // One read per session at a time: when a cached record lapses, its concurrent requests share it.
        let reading = reads.get(id);
        if (!reading) {
          reading = redis.hgetall(sessionKey(id)).then((fields) => {
            const record = toRecord(id, fields);
            if (record) remember(record);
            else cache.delete(id);
            return record;
          });
          reads.set(id, reading);
          const done = () => reads.delete(id);
          reading.then(done, done);
        }
        return await reading;
      }),

    touch: (id, lastSeenAt) =>
      reach(async () => {
        const entry = cache.get(id);
        // At once, so that concurrent requests of the same session do not each send a touch.
        if (entry) entry.record = { ...entry.record, lastSeenAt };
        await redis.eval(touchScript, 1, sessionKey(id), lastSeenAt, idleTimeoutMs);
      }),

    remove: (id) =>
      reach(async () => {
        const [tenantId, userId] = await redis.hmget(sessionKey(id), 'tenantId', 'userId');
        const removed = await redis.del(sessionKey(id));
        if (tenantId && userId) await redis.srem(userKey(tenantId, userId), id);
        await revoke([id]);
        return removed === 1;
      }),

    removeAll: (tenantId, userId) =>
      reach(async () => {
        const sessions = userKey(tenantId, userId);
        const ids = await redis.smembers(sessions);
        if (!ids.length) return 0;
        const results = await redis
          .multi()
          .del(...ids.map(sessionKey))
          .srem(sessions, ...ids)
          .exec();
        await revoke(ids);
        return Number(results?.[0]?.[1] ?? 0);
      }),

    list: (tenantId, userId) =>
      reach(async () => {
        const sessions = userKey(tenantId, userId);
        const ids = await redis.smembers(sessions);
        if (!ids.length) return [];
        const pipeline = redis.pipeline();
        for (const id of ids) pipeline.hgetall(sessionKey(id));
        const replies = (await pipeline.exec()) ?? [];
        const records = ids.map((id, index) => toRecord(id, (replies[index]?.[1] ?? {}) as Fields));
        // Members whose record expired by itself: tidy the set.
        const gone = ids.filter((_id, index) => !records[index]);
        if (gone.length) await redis.srem(sessions, ...gone);
        const now = Date.now();
        return records.filter(
          (record): record is SessionRecord => record !== undefined && isLive(record, idleTimeoutMs, now),
        );
      }),

    redeemNonce: (nonce, expiresAt) =>
      reach(async () => (await redis.set(nonceKey(nonce), '1', 'PXAT', expiresAt, 'NX')) === 'OK'),

    async close() {
      cache.clear();
      // quit() waits for the replies in flight; disconnect() when Redis is gone already.
      await Promise.all([redis, subscriber].map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}

/** Runs `work`, turning any failure to talk to Redis (refused, timed out, connection lost) into a 503. */
async function reach<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    throw new StoreUnavailableError({ cause });
  }
}

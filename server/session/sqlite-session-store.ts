// Session records and redeemed nonces in the server's SQLite database: the store of a single instance.
import type { Database } from 'better-sqlite3';
import { parseProfile, serializeProfile, type SessionRecord, type SessionStore } from './session-store.ts';

/** How often rows past their end are deleted, in milliseconds. */
const sweepInterval = 5 * 60_000;
/** Records kept by {@link createSqliteSessionStore}'s cache: bounded, so a flood of sessions cannot grow memory. */
const maxCachedSessions = 10_000;

interface Row {
  id: string;
  tenant_id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: string;
  client: string;
  profile: string | null;
}

const toRecord = (row: Row): SessionRecord => ({
  id: row.id,
  tenantId: row.tenant_id,
  userId: row.user_id,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  expiresAt: row.expires_at,
  userAgent: row.user_agent,
  client: row.client,
  profile: parseProfile(row.profile),
});

/**
 * A {@link SessionStore} on `db` (migrated by `openDatabase`). Every statement is prepared once and runs
 * synchronously (microseconds on a local file), so a cookie check reads its record on every request and a
 * revocation applies at once, also to other processes on the same file. The caller closes `db`.
 *
 * @example const store = createSqliteSessionStore(openDatabase('data/app.db'), 3600_000)
 */
export function createSqliteSessionStore(db: Database, idleTimeoutMs: number): SessionStore {
  const insert = db.prepare(
    `INSERT INTO sessions (id, tenant_id, user_id, created_at, last_seen_at, expires_at, user_agent, client, profile)
     VALUES (@id, @tenantId, @userId, @createdAt, @lastSeenAt, @expiresAt, @userAgent, @client, @profile)`,
  );
  const select = db.prepare<[string], Row>('SELECT * FROM sessions WHERE id = ?');
  const touch = db.prepare('UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE id = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
  const removeAll = db.prepare('DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?');
  const list = db.prepare<[string, string, number, number], Row>(
    `SELECT * FROM sessions WHERE tenant_id = ? AND user_id = ? AND expires_at > ? AND last_seen_at > ?`,
  );
  const redeem = db.prepare('INSERT INTO redeemed_nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const sweepSessions = db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?');
  const sweepNonces = db.prepare('DELETE FROM redeemed_nonces WHERE expires_at <= ?');

  // The records read lately, valid while no other connection has written to the file (another worker or server
  // on the same DATABASE_PATH): SQLite changes PRAGMA data_version at each commit of another connection. It is
  // read at most once a millisecond (under load, several requests share one read); this connection's own
  // changes update the cache themselves. So a revocation by any worker is seen within a millisecond.
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const cache = new Map<string, SessionRecord>();
  let cachedVersion = dataVersion.get();
  let checkedAt = 0;
  const cacheIsCurrent = () => {
    const now = Date.now();
    if (now === checkedAt) return;
    checkedAt = now;
    const version = dataVersion.get();
    if (version !== cachedVersion) {
      cache.clear();
      cachedVersion = version;
    }
  };
  const remember = (record: SessionRecord) => {
    if (cache.size >= maxCachedSessions) cache.delete(cache.keys().next().value!); // the oldest cached first
    cache.set(record.id, record);
  };

  const sweep = () => {
    cache.clear();
    const now = Date.now();
    sweepSessions.run(now, now - idleTimeoutMs);
    sweepNonces.run(now);
  };
  sweep();
  const sweeper = setInterval(sweep, sweepInterval);
  sweeper.unref(); // never keeps the process alive on its own

  return {
    create: async (record) => void insert.run({ ...record, profile: serializeProfile(record.profile) ?? null }),
    get: async (id) => {
      cacheIsCurrent();
      const hit = cache.get(id);
      if (hit) return hit;
      const row = select.get(id);
      if (!row) return undefined;
      const record = toRecord(row);
      remember(record);
      return record;
    },
    touch: async (id, lastSeenAt) => {
      touch.run(lastSeenAt, id);
      cache.delete(id);
    },
    remove: async (id) => {
      cache.delete(id);
      return remove.run(id).changes === 1;
    },
    removeAll: async (tenantId, userId) => {
      for (const record of cache.values()) {
        if (record.tenantId === tenantId && record.userId === userId) cache.delete(record.id);
      }
      return removeAll.run(tenantId, userId).changes;
    },
    list: async (tenantId, userId) => {
      const now = Date.now();
      return list.all(tenantId, userId, now, now - idleTimeoutMs).map(toRecord);
    },
    redeemNonce: async (nonce, expiresAt) => redeem.run(nonce, expiresAt).changes === 1,
    close: async () => {
      clearInterval(sweeper);
      cache.clear();
    },
  };
}

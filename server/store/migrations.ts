// The database's schema (tasks, sessions), as numbered migrations applied in order and recorded in PRAGMA user_version.
import type { Database } from 'better-sqlite3';

/**
 * Each entry moves the schema from version `index` to `index + 1`. Append only: a released migration is
 * never edited, because databases in the field have already run it.
 */
export const migrations: readonly string[] = [
  // 1: tasks keyed by their owner, the pair (tenant_id, user_id) = (tid, oid); never an e-mail.
  `CREATE TABLE tasks (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     tenant_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
     completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
     created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
   );
   CREATE INDEX tasks_by_owner ON tasks (tenant_id, user_id, id);`,
  // 2: the name and e-mail an owner last wrote with, for the admin counts only (display, never authorization).
  `CREATE TABLE task_owners (
     tenant_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     email TEXT NOT NULL,
     PRIMARY KEY (tenant_id, user_id)
   ) WITHOUT ROWID;`,
  // 3: server-side sessions (so a session can be ended for good) and the nonces already redeemed.
  // Times in milliseconds since the epoch; expired rows are swept (sqlite-session-store.ts).
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     tenant_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     user_agent TEXT NOT NULL,
     client TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id);
   CREATE TABLE redeemed_nonces (
     nonce TEXT PRIMARY KEY,
     expires_at INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // 4: the user's name, e-mail and roles as JSON, moved out of the session cookie (session-store.ts, Profile).
  // NULL in the rows of sessions signed in before: their cookies still carry them.
  `ALTER TABLE sessions ADD COLUMN profile TEXT;`,
];

/** Thrown when the file was written by a newer version of this server: running on it could lose data. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
}

/** Brings `db` to the latest schema; each step runs in its own transaction with its version bump. */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new SchemaTooNewError(
      `the database is at schema version ${current}, newer than this server knows (${migrations.length})`,
    );
  }
  for (let version = current; version < migrations.length; version += 1) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

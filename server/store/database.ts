// Opens the SQLite file of the task store: creates its folder, enables WAL, applies the migrations.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite, { type Database } from 'better-sqlite3';
import { migrate } from './migrations.ts';

export type { Database } from 'better-sqlite3';

/** Milliseconds a write waits for another process's lock (a second server on the same file) before failing. */
const busyTimeout = 5_000;

/**
 * Opens (creating when missing) the database at `path` and migrates it to the latest schema.
 * Close it with `db.close()` when the server stops.
 *
 * Any failure (the folder, the file, a read-only or foreign file, a newer schema) throws one Error whose
 * message names `path` and `setting` (DATABASE_PATH, or the library's option), SQLite's reason in `cause`: start-up
 * prints that line.
 *
 * @example const db = openDatabase('data/app.db'); const tasks = createTaskStore(db);
 */
export function openDatabase(path: string, setting = 'DATABASE_PATH'): Database {
  let db: Database | undefined;
  try {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      createPrivateFile(path);
    }
    db = new Sqlite(path, { timeout: busyTimeout });
    // WAL: readers and the writer never block each other.
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only a power loss may drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    assertWritable(db);
    return db;
  } catch (cause) {
    db?.close();
    // Name the setting to change, not only SQLite's reason.
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`cannot open the database ${path} (${setting}): ${reason}`, { cause });
  }
}

/**
 * Creates `path`, empty, readable and writable by the server's user only (0600), unless it exists (then it keeps
 * its own mode). The file holds who signed in, with their names, e-mails, roles and tasks: nobody else's to read.
 * SQLite gives the -wal and -shm files it creates beside it the same permissions.
 */
function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * SQLite opens a file it may not write read-only, without a word, and a WAL database already at the latest
 * schema needs no write to open: without this probe, such a file would pass start-up and fail every write
 * later. Rolled back, so it changes nothing.
 */
function assertWritable(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.pragma(`user_version = ${version}`);
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

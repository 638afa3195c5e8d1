import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointInBackground } from './background-checkpoints.ts';
import { openDatabase } from './database.ts';

const folders: string[] = [];
const freshPath = () => {
  folders.push(mkdtempSync(join(tmpdir(), 'ms-signin-checkpoints-')));
  return join(folders.at(-1)!, 'app.db');
};
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Writes `pages` pages of rows, each in its own transaction, as requests do. */
const writePages = (db: ReturnType<typeof openDatabase>, pages: number) => {
  db.exec('CREATE TABLE IF NOT EXISTS filler (data BLOB)');
  const insert = db.prepare('INSERT INTO filler (data) VALUES (randomblob(3000))');
  for (let i = 0; i < pages; i += 1) insert.run();
};

async function until(condition: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('checkpointInBackground()', () => {
  it('copies the WAL into the database file from its thread, while the serving connection leaves it be', async () => {
    const path = freshPath();
    const db = openDatabase(path);
    const checkpoints = checkpointInBackground(db, path, () => {}, { everyMs: 20 });
    try {
      // SQLite's default would have the serving connection checkpoint at 1 000 pages.
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
      const before = statSync(path).size;
      writePages(db, 200); // far below 1 000: only the thread checkpoints these
      await until(() => statSync(path).size >= before + 200 * 3000);
    } finally {
      await checkpoints.stop();
      db.close();
    }
  });

  it('closes its connection when stopped, so that closing the database removes the WAL', async () => {
    const path = freshPath();
    const db = openDatabase(path);
    const checkpoints = checkpointInBackground(db, path, () => {}, { everyMs: 20 });
    writePages(db, 10);
    await checkpoints.stop();
    db.close();
    // SQLite deletes the WAL only when the last connection to the file closes.
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('tells of a thread that cannot open the file', async () => {
    const path = freshPath();
    const db = openDatabase(path);
    const reasons: string[] = [];
    const checkpoints = checkpointInBackground(db, join(path, 'not-a-folder', 'app.db'), (reason) =>
      reasons.push(reason),
    );
    try {
      await until(() => reasons.length > 0);
      expect(reasons[0]).toMatch(/directory does not exist|unable to open/);
    } finally {
      await checkpoints.stop();
      db.close();
    }
  });

  it('starts no thread for a database in memory, which has no WAL', async () => {
    const db = openDatabase(':memory:');
    const checkpoints = checkpointInBackground(db, ':memory:', () => {});
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    await checkpoints.stop();
    db.close();
  });
});

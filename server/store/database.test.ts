import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { markReadOnlyForSqlite } from '../../test/support/read-only-database.ts';
import { openDatabase } from './database.ts';
import { migrations, SchemaTooNewError } from './migrations.ts';

const folders: string[] = [];
const freshPath = () => {
  folders.push(mkdtempSync(join(tmpdir(), 'ms-signin-store-')));
  return join(folders.at(-1)!, 'nested', 'folder', 'app.db');
};
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('openDatabase()', () => {
  it('creates the folder and the file, in WAL mode, at the latest schema version', () => {
    const path = freshPath();
    const db = openDatabase(path);
    try {
      expect(existsSync(path)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    } finally {
      db.close();
    }
  });

  it('creates the file and its -wal and -shm files readable by their owner only (0600)', () => {
    const path = freshPath();
    const db = openDatabase(path);
    try {
      db.prepare("INSERT INTO tasks (tenant_id, user_id, title) VALUES ('t', 'u', 'private')").run();
      for (const file of [path, `${path}-wal`, `${path}-shm`]) {
        expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
      }
    } finally {
      db.close();
    }
  });

  it('opens an existing database again without re-running migrations, and keeps its rows', () => {
    const path = freshPath();
    const first = openDatabase(path);
    first.prepare("INSERT INTO tasks (tenant_id, user_id, title) VALUES ('t', 'u', 'kept')").run();
    first.close();
    const second = openDatabase(path);
    try {
      expect(second.prepare('SELECT title FROM tasks').pluck().all()).toEqual(['kept']);
    } finally {
      second.close();
    }
  });

  it('brings a database of an older version up to date, step by step', () => {
    const path = freshPath();
    // A file as the first version of the server left it: migration 1 only.
    mkdirSync(dirname(path), { recursive: true });
    const old = new Sqlite(path);
    old.exec(migrations[0]!);
    old.pragma('user_version = 1');
    old.close();
    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['tasks', 'task_owners']));
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer server, rather than guess at its schema', () => {
    const path = freshPath();
    openDatabase(path).close();
    const newer = new Sqlite(path);
    newer.pragma(`user_version = ${migrations.length + 1}`);
    newer.close();
    const error = failureOf(() => openDatabase(path));
    expect(error.message).toBe(
      `cannot open the database ${path} (DATABASE_PATH): the database is at schema version ` +
        `${migrations.length + 1}, newer than this server knows (${migrations.length})`,
    );
    expect(error.cause).toBeInstanceOf(SchemaTooNewError);
  });

  describe('names DATABASE_PATH in the one line start-up prints', () => {
    it('for a path under a regular file', () => {
      const file = freshPath();
      openDatabase(file).close();
      // A folder path under a regular file: mkdir fails at once, with ENOTDIR.
      expect(() => openDatabase(join(file, 'app.db'))).toThrow(/^cannot open the database .* \(DATABASE_PATH\): /);
    });

    it('for a read-only file, even one already at the latest schema that needs no write to open', () => {
      const path = freshPath();
      openDatabase(path).close();
      markReadOnlyForSqlite(path);
      expect(() => openDatabase(path)).toThrow(
        `cannot open the database ${path} (DATABASE_PATH): attempt to write a readonly database`,
      );
    });

    it('for a folder where no file can be created', () => {
      // Nobody, root included, creates files in /proc/self (elsewhere than Linux, the folder cannot be made).
      const path = '/proc/self/ms-signin-app.db';
      expect(() => openDatabase(path)).toThrow(`cannot open the database ${path} (DATABASE_PATH): `);
    });

    it('for a file that is not SQLite', () => {
      const path = freshPath();
      openDatabase(path).close();
      writeFileSync(path, 'Not a database: a text file put where the database was expected.\n'.repeat(100));
      expect(() => openDatabase(path)).toThrow(
        `cannot open the database ${path} (DATABASE_PATH): file is not a database`,
      );
    });
  });

  it('keeps the title rules in the schema too, as a last line of defence', () => {
    const db = openDatabase(':memory:');
    try {
      const insert = db.prepare("INSERT INTO tasks (tenant_id, user_id, title) VALUES ('t', 'u', ?)");
      expect(() => insert.run('')).toThrow(/CHECK/);
      expect(() => insert.run('x'.repeat(201))).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});

function failureOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

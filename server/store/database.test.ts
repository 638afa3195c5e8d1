import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
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
    openDatabase(path).close();
    const old = new Sqlite(path);
    old.exec('DROP TABLE task_owners');
    old.pragma('user_version = 1');
    old.close();
    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'task_owners'").pluck().get()).toBe('task_owners');
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
    expect(() => openDatabase(path)).toThrow(SchemaTooNewError);
  });

  it('names DATABASE_PATH when the file cannot be opened', () => {
    const file = freshPath();
    openDatabase(file).close();
    // A folder path under a regular file: mkdir fails at once, with ENOTDIR.
    expect(() => openDatabase(join(file, 'app.db'))).toThrow(/DATABASE_PATH/);
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

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { createTaskStore } from './task-store.ts';

// The task store on a real SQLite file: pages and the quota, also with several processes writing to one file.
const folders: string[] = [];
const freshPath = () => join(folders[folders.push(mkdtempSync(join(tmpdir(), 'ms-signin-tasks-'))) - 1]!, 'app.db');
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const owner = { tenantId: 'tenant', id: 'user', name: 'User', email: 'user@example.test' };

/**
 * A writer in its own process, as a second server on the same DATABASE_PATH would be: it says "ready",
 * waits for a line on stdin, tries `attempts` creates, and prints how many were made and how many threw.
 */
function startWriter(path: string, attempts: number, quota: number) {
  const code = `
    const { openDatabase } = await import(${JSON.stringify(new URL('./database.ts', import.meta.url).href)});
    const { createTaskStore } = await import(${JSON.stringify(new URL('./task-store.ts', import.meta.url).href)});
    const store = createTaskStore(openDatabase(${JSON.stringify(path)}));
    const owner = ${JSON.stringify(owner)};
    console.log('ready');
    process.stdin.once('data', () => {
      let made = 0, failures = [];
      for (let i = 0; i < ${attempts}; i++) {
        try { if (store.create(owner, 'task ' + process.pid + ' ' + i, ${quota})) made++; }
        catch (error) { failures.push(error.code ?? error.message); }
      }
      console.log(JSON.stringify({ made, failures: failures.slice(0, 3), failed: failures.length }));
      process.exit(0);
    });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => (await lines.next()).value as string;
  return {
    ready: next().then((line) => expect(line).toBe('ready')),
    go: () => child.stdin.write('go\n'),
    result: async () => JSON.parse(await next()) as { made: number; failures: string[]; failed: number },
  };
}

describe('createTaskStore()', () => {
  it('pages by id: up to `limit` tasks after `after`, and whether more follow', () => {
    const db = openDatabase(freshPath());
    try {
      const store = createTaskStore(db);
      const ids = Array.from({ length: 5 }, (_, i) => store.create(owner, `task ${i}`, 10)!.id);
      const page = (limit: number, after: number) => {
        const { tasks, more } = store.list(owner, { limit, after });
        return { ids: tasks.map((task) => task.id), more };
      };
      expect(page(2, 0)).toEqual({ ids: ids.slice(0, 2), more: true });
      expect(page(2, ids[1]!)).toEqual({ ids: ids.slice(2, 4), more: true });
      expect(page(2, ids[3]!)).toEqual({ ids: ids.slice(4), more: false });
      expect(page(5, 0)).toEqual({ ids, more: false }); // exactly full: no empty page after it
      expect(page(5, ids[4]!)).toEqual({ ids: [], more: false });
    } finally {
      db.close();
    }
  });

  it('refuses the create past the quota and writes nothing, neither the task nor the owner', () => {
    const db = openDatabase(freshPath());
    try {
      const store = createTaskStore(db);
      const other = { ...owner, id: 'other' };
      expect(store.create(owner, 'one', 1)).toMatchObject({ title: 'one' });
      expect(store.create(owner, 'two', 1)).toBeUndefined();
      expect(store.create(other, 'theirs', 0)).toBeUndefined();
      expect(store.list(owner, { limit: 10, after: 0 }).tasks).toHaveLength(1);
      expect(store.countsByOwner(owner.tenantId).map((counts) => counts.userId)).toEqual([owner.id]);
    } finally {
      db.close();
    }
  });

  it('counts a user who listed tasks but has none, and one whose tasks are all deleted, as 0', () => {
    const db = openDatabase(freshPath());
    try {
      const store = createTaskStore(db);
      const idle = { ...owner, id: 'idle', name: 'Idle' };
      const done = store.create(owner, 'one', 10)!;
      store.list(idle, { limit: 10, after: 0 });
      expect(store.countsByOwner(owner.tenantId)).toEqual([
        { tenantId: 'tenant', userId: 'user', name: 'User', email: 'user@example.test', total: 1, completed: 0 },
        { tenantId: 'tenant', userId: 'idle', name: 'Idle', email: 'user@example.test', total: 0, completed: 0 },
      ]);
      store.remove(owner, done.id);
      expect(store.countsByOwner(owner.tenantId).map(({ userId, total }) => [userId, total])).toEqual([
        ['idle', 0],
        ['user', 0],
      ]);
      // A new name is written on the next list; the same one again costs no write.
      store.list({ ...idle, name: 'Idle Again' }, { limit: 10, after: 0 });
      expect(store.countsByOwner(owner.tenantId).find(({ userId }) => userId === 'idle')?.name).toBe('Idle Again');
    } finally {
      db.close();
    }
  });

  it('never exceeds the quota, nor fails, when four processes create on one file at once', async () => {
    const path = freshPath();
    openDatabase(path).close(); // migrated once, before the writers race
    const quota = 150;
    const writers = Array.from({ length: 4 }, () => startWriter(path, 100, quota));
    await Promise.all(writers.map((writer) => writer.ready));
    for (const writer of writers) writer.go();
    const results = await Promise.all(writers.map((writer) => writer.result()));

    expect(results.map((result) => result.failures).flat()).toEqual([]);
    expect(results.reduce((sum, result) => sum + result.made, 0)).toBe(quota);
    const db = openDatabase(path);
    try {
      expect(createTaskStore(db).countsByOwner(owner.tenantId)).toMatchObject([{ total: quota }]);
    } finally {
      db.close();
    }
  }, 30_000);
});

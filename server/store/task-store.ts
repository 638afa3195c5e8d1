// The demo's tasks in SQLite. Every statement is scoped to its owner's (tenant, user) pair.
import type { Database } from 'better-sqlite3';

/** Who owns a task: the token's `tid` and `oid`. Never an e-mail, which users and tenants can change. */
export interface Owner {
  tenantId: string;
  id: string;
}

export interface Task {
  id: number;
  title: string;
  completed: boolean;
}

export interface OwnerCounts {
  tenantId: string;
  userId: string;
  /** As last seen when the owner used the task API: for display only. */
  name: string;
  email: string;
  total: number;
  completed: number;
}

/** One page of an owner's tasks, oldest first; `more` says whether tasks follow the last one. */
export interface TaskPage {
  tasks: Task[];
  more: boolean;
}

export interface TaskStore {
  /**
   * Up to `limit` of `owner`'s tasks with an id above `after` (0: from the first). Remembers the owner's name
   * and e-mail, so that the admin counts show a user who has no task yet.
   */
  list(owner: Owner & OwnerName, page: { limit: number; after: number }): TaskPage;
  /** The new task, or undefined when `owner` already has `quota` tasks (then nothing is written). */
  create(owner: Owner & OwnerName, title: string, quota: number): Task | undefined;
  /** The updated task, or undefined when `owner` has no task `id` (someone else's is the same as none). */
  update(owner: Owner, id: number, changes: { title?: string; completed?: boolean }): Task | undefined;
  /** False when `owner` has no task `id`. */
  remove(owner: Owner, id: number): boolean;
  /**
   * Task counts of every user of one tenant who has used the task API, none left out for having no task; an
   * app role is granted by each tenant's own admins.
   */
  countsByOwner(tenantId: string): OwnerCounts[];
}

type OwnerName = { name: string; email: string };
type Row = { id: number; title: string; completed: number };
const toTask = (row: Row): Task => ({ id: row.id, title: row.title, completed: row.completed === 1 });
const bit = (value: boolean | undefined) => (value === undefined ? null : Number(value));

const maxRememberedOwners = 10_000;

/** Prepares every statement once; better-sqlite3 runs them synchronously, so no two requests interleave. */
export function createTaskStore(db: Database): TaskStore {
  const owned = 'tenant_id = @tenantId AND user_id = @userId';
  // A range scan of the index tasks_by_owner (tenant_id, user_id, id), never OFFSET: every page costs the same.
  const select = db.prepare<{ tenantId: string; userId: string; after: number; limit: number }, Row>(
    `SELECT id, title, completed FROM tasks WHERE ${owned} AND id > @after ORDER BY id LIMIT @limit`,
  );
  const count = db
    .prepare<{ tenantId: string; userId: string }, number>(`SELECT count(*) FROM tasks WHERE ${owned}`)
    .pluck();
  const insert = db.prepare<{ tenantId: string; userId: string; title: string }, Row>(
    `INSERT INTO tasks (tenant_id, user_id, title) VALUES (@tenantId, @userId, @title) RETURNING id, title, completed`,
  );
  const rememberOwner = db.prepare(
    `INSERT INTO task_owners (tenant_id, user_id, name, email) VALUES (@tenantId, @userId, @name, @email)
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET name = excluded.name, email = excluded.email`,
  );
  type Change = { tenantId: string; userId: string; id: number; title: string | null; completed: number | null };
  const change = db.prepare<Change, Row>(
    `UPDATE tasks SET title = coalesce(@title, title), completed = coalesce(@completed, completed)
     WHERE id = @id AND ${owned} RETURNING id, title, completed`,
  );
  const erase = db.prepare(`DELETE FROM tasks WHERE id = @id AND ${owned}`);
  // Every owner who added a task is in task_owners (addTask), so the owners drive the join.
  const counts = db.prepare<{ tenantId: string }, OwnerCounts>(
    `SELECT o.tenant_id AS tenantId, o.user_id AS userId, o.name AS name, o.email AS email,
            count(t.id) AS total, coalesce(sum(t.completed), 0) AS completed
     FROM task_owners o LEFT JOIN tasks t ON t.tenant_id = o.tenant_id AND t.user_id = o.user_id
     WHERE o.tenant_id = @tenantId
     GROUP BY o.tenant_id, o.user_id ORDER BY total DESC, name`,
  );
  const key = (owner: Owner) => ({ tenantId: owner.tenantId, userId: owner.id });
  const remember = (owner: Owner & OwnerName) =>
    rememberOwner.run({ ...key(owner), name: owner.name, email: owner.email });
  const addTask = db.transaction((owner: Owner & OwnerName, title: string, quota: number) => {
    if (count.get(key(owner))! >= quota) return undefined;
    remember(owner);
    return insert.get({ ...key(owner), title })!;
  });
  // Owners this process has already written as they are: a list then costs no write. Bounded by clearing.
  const remembered = new Set<string>();
  const rememberOnce = (owner: Owner & OwnerName) => {
    const known = JSON.stringify([owner.tenantId, owner.id, owner.name, owner.email]);
    if (remembered.has(known)) return;
    if (remembered.size >= maxRememberedOwners) remembered.clear();
    remember(owner);
    remembered.add(known);
  };

  return {
    list(owner, { limit, after }) {
      rememberOnce(owner);
      // One row past the page tells whether another page follows, without counting.
      const rows = select.all({ ...key(owner), after, limit: limit + 1 });
      return { tasks: rows.slice(0, limit).map(toTask), more: rows.length > limit };
    },
    create(owner, title, quota) {
      // IMMEDIATE: the write lock is taken before counting, so another server process on the same file waits
      // its turn (busy timeout) and counts our insert too. Deferred, its read could not become a write once
      // ours committed: SQLITE_BUSY, a 500 (task-store.test.ts).
      const row = addTask.immediate(owner, title, quota);
      return row && toTask(row);
    },
    update(owner, id, changes) {
      const row = change.get({ ...key(owner), id, title: changes.title ?? null, completed: bit(changes.completed) });
      return row && toTask(row);
    },
    remove: (owner, id) => erase.run({ ...key(owner), id }).changes === 1,
    countsByOwner: (tenantId) => counts.all({ tenantId }),
  };
}

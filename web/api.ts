// The demo page's task calls to our server (docs/http-api.md), with cookies. The fetch helper, ApiError and
// the user's type are the drop-in element's (web/element/), which never imports from here.
import { ApiError, request } from './element/request.ts';
import type { OwnerCounts as OwnerTaskCounts, Task } from '../server/store/task-store.ts';
import type { AuthConfig } from './element/types.ts';

export { ApiError };
export type { AuthConfig, User } from './element/types.ts';
export type { OwnerTaskCounts, Task };

/**
 * Builds the client for one auth server.
 * @example const api = createApi(); const tasks = await api.listTasks();
 */
export function createApi(base: string = location.origin) {
  const call = (path: string, init?: RequestInit): Promise<Response> => request(new URL(path, base).href, init);

  async function read<T>(response: Response): Promise<T> {
    try {
      return (await response.json()) as T;
    } catch (cause) {
      throw new ApiError(response.status, 'bad_response', 'The server sent an unexpected answer.', { cause });
    }
  }

  const json = async <T>(path: string, init?: RequestInit): Promise<T> => read<T>(await call(path, init));

  /** Every task: GET /api/tasks answers a page at a time, each naming the next in `Link` until the last. */
  async function listTasks(): Promise<Task[]> {
    const tasks: Task[] = [];
    const seen = new Set<string>();
    for (let next: URL | undefined = new URL('/api/tasks', base); next;) {
      seen.add(next.href);
      const response = await call(next.href);
      tasks.push(...(await read<Task[]>(response)));
      next = nextPage(response, next);
      // A link back to a page already read would never end: a broken proxy or server, not more tasks.
      if (next && seen.has(next.href)) {
        throw new ApiError(response.status, 'bad_response', 'The server sent an unexpected answer.');
      }
    }
    return tasks;
  }

  const sendJson = (method: 'POST' | 'PATCH', body: unknown): RequestInit => ({
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const postJson = (body: unknown) => sendJson('POST', body);

  return {
    // The task API, cookie-authenticated; a 401 (session expired) is thrown as an ApiError like any failure.
    listTasks,
    addTask: (title: string) => json<Task>('/api/tasks', postJson({ title })),
    updateTask: (id: number, changes: { title?: string; completed?: boolean }) =>
      json<Task>(`/api/tasks/${id}`, sendJson('PATCH', changes)),
    async deleteTask(id: number): Promise<void> {
      await call(`/api/tasks/${id}`, { method: 'DELETE' });
    },
    /** Per-user task counts of the caller's tenant; a 403 when the caller lacks the admin role. */
    adminTaskCounts: () => json<OwnerTaskCounts[]>('/api/admin/tasks'),
    /** The server's MSAL settings (GET /auth/config): its client id and authority. */
    config: () => json<AuthConfig>('/auth/config'),
  };
}

/**
 * The `rel="next"` target of a response's `Link` header (RFC 8288), resolved against the URL it answers, or
 * undefined when there is none. Only on the same origin: the call sends the cookies wherever it goes.
 */
export function nextPage(response: Response, requested: URL): URL | undefined {
  const target = /<([^>]*)>\s*;\s*rel="?next"?(?=[\s;,]|$)/i.exec(response.headers.get('Link') ?? '')?.[1];
  if (target === undefined) return undefined;
  const url = new URL(target, response.url || requested);
  return url.origin === requested.origin ? url : undefined;
}

export type Api = ReturnType<typeof createApi>;

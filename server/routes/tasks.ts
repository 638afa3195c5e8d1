// /api/tasks: the caller's own tasks. Every statement is scoped to the caller's (tid, oid).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { jsonBody } from '../middleware/json-body.ts';
import type { UserVariables } from '../middleware/require-user.ts';
import { requireScope } from '../middleware/require-scope.ts';
import type { TaskStore } from '../store/task-store.ts';
import { authFailures, bodyFailures, notFound, sessionOrBearer } from './openapi-security.ts';
import {
  defaultPageSize,
  ErrorSchema,
  NewTaskSchema,
  TaskChangesSchema,
  TaskIdSchema,
  TaskPageQuerySchema,
  TaskSchema,
} from './task-schemas.ts';
import { validationHook } from './validation-hook.ts';

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/**
 * `store` is a function so the database opens on first use, not when an app that never needs it is built.
 * `taskQuota` is the most tasks one user may have (TASK_QUOTA).
 */
export function taskRoutes(store: () => TaskStore, apiScope: string, taskQuota: number) {
  const scoped = requireScope(apiScope);
  const security = sessionOrBearer(apiScope);
  // Typed for the routes' 404 and 409 schemas; errorResponse's body shape, and /api is no-store as a whole (app.ts).
  const taskNotFound = (c: Context) =>
    c.json({ status: 'error', error: 'task_not_found', message: 'There is no such task.' } as const, 404);
  const quotaReached = (c: Context) => {
    const message = `You have reached the limit of ${taskQuota} tasks. Delete some to add more.`;
    return c.json({ status: 'error', error: 'task_quota_reached', message } as const, 409);
  };

  return new OpenAPIHono<{ Variables: UserVariables }>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/tasks',
        summary: 'List the caller’s tasks',
        description:
          'One page of at most `limit` tasks. When more follow, the `Link` header points to the next page; ' +
          'follow it until a response comes without one.',
        tags: ['tasks'],
        security,
        middleware: [scoped] as const,
        request: { query: TaskPageQuerySchema },
        responses: {
          200: {
            ...json(z.array(TaskSchema), 'The caller’s tasks, oldest first.'),
            headers: {
              Link: {
                description:
                  'Only when more tasks follow: the next page (RFC 8288), as a URL relative to this server, ' +
                  'with the same `limit` and `after` the id of this page’s last task.',
                schema: { type: 'string', example: '</api/tasks?limit=100&after=42>; rel="next"' },
              },
            },
          },
          400: json(ErrorSchema, 'A `limit` or `after` that is not allowed (`invalid_query`), named in `message`.'),
          ...authFailures,
        },
      }),
      (c) => {
        const { limit = defaultPageSize, after = 0 } = c.req.valid('query');
        const { tasks, more } = store().list(c.get('user'), { limit, after });
        const last = tasks.at(-1);
        // RFC 8288; exposed to ALLOWED_ORIGINS by middleware/cors.ts.
        if (more && last) c.header('Link', `<${c.req.path}?limit=${limit}&after=${last.id}>; rel="next"`);
        return c.json(tasks, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tasks',
        summary: 'Add a task',
        tags: ['tasks'],
        security,
        middleware: [scoped, ...jsonBody()] as const,
        request: { body: { required: true, content: { 'application/json': { schema: NewTaskSchema } } } },
        responses: {
          201: json(TaskSchema, 'The new task.'),
          ...bodyFailures,
          ...authFailures,
          409: json(
            ErrorSchema,
            `The caller already has ${taskQuota} tasks, the most allowed (\`task_quota_reached\`).`,
          ),
        },
      }),
      (c) => {
        const task = store().create(c.get('user'), c.req.valid('json').title, taskQuota);
        return task ? c.json(task, 201) : quotaReached(c);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/tasks/{id}',
        summary: 'Rename a task or mark it done',
        tags: ['tasks'],
        security,
        middleware: [scoped, ...jsonBody()] as const,
        request: {
          params: TaskIdSchema,
          body: { required: true, content: { 'application/json': { schema: TaskChangesSchema } } },
        },
        responses: { 200: json(TaskSchema, 'The changed task.'), ...bodyFailures, ...authFailures, ...notFound },
      }),
      (c) => {
        const task = store().update(c.get('user'), c.req.valid('param').id, c.req.valid('json'));
        return task ? c.json(task, 200) : taskNotFound(c);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/tasks/{id}',
        summary: 'Delete a task',
        tags: ['tasks'],
        security,
        middleware: [scoped] as const,
        request: { params: TaskIdSchema },
        responses: { 204: { description: 'Deleted.' }, 400: bodyFailures[400], ...authFailures, ...notFound },
      }),
      (c) => (store().remove(c.get('user'), c.req.valid('param').id) ? c.body(null, 204) : taskNotFound(c)),
    );
}

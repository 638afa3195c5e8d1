// /api/tasks: the caller's own tasks. Every statement is scoped to the caller's (tid, oid).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { jsonBody } from '../middleware/json-body.ts';
import type { UserVariables } from '../middleware/require-user.ts';
import { requireScope } from '../middleware/require-scope.ts';
import type { TaskStore } from '../store/task-store.ts';
import { authFailures, bodyFailures, notFound, sessionOrBearer } from './openapi-security.ts';
import { NewTaskSchema, TaskChangesSchema, TaskIdSchema, TaskSchema } from './task-schemas.ts';
import { validationHook } from './validation-hook.ts';

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** `store` is a function so the database opens on first use, not when an app that never needs it is built. */
export function taskRoutes(store: () => TaskStore, apiScope: string) {
  const scoped = requireScope(apiScope);
  const security = sessionOrBearer(apiScope);
  // Typed for the route's 404 schema; errorResponse's body shape, and /api is no-store as a whole (app.ts).
  const taskNotFound = (c: Context) =>
    c.json({ status: 'error', error: 'task_not_found', message: 'There is no such task.' } as const, 404);

  return new OpenAPIHono<{ Variables: UserVariables }>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/tasks',
        summary: 'List the caller’s tasks',
        tags: ['tasks'],
        security,
        middleware: [scoped] as const,
        responses: { 200: json(z.array(TaskSchema), 'The caller’s tasks, oldest first.'), ...authFailures },
      }),
      (c) => c.json(store().list(c.get('user')), 200),
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
        responses: { 201: json(TaskSchema, 'The new task.'), ...bodyFailures, ...authFailures },
      }),
      (c) => c.json(store().create(c.get('user'), c.req.valid('json').title), 201),
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

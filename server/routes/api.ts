// /api: the site's own API, for callers with a session cookie or a bearer access token.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { UserVariables } from '../middleware/require-user.ts';
import type { Sessions } from '../session/sessions.ts';
import type { TaskStore } from '../store/task-store.ts';
import { publicUser } from '../user.ts';
import { adminRoutes } from './admin.ts';
import { authFailures, sessionOrBearer } from './openapi-security.ts';
import { sessionRoutes } from './sessions.ts';
import { taskRoutes } from './tasks.ts';
import { UserSchema } from './task-schemas.ts';
import { validationHook } from './validation-hook.ts';

export interface ApiRoutesOptions {
  sessions: Sessions;
  /** The guard of every /api route (the sign-in's `requireUser()`): a caller, and the origin check for cookies. */
  requireUser: MiddlewareHandler<{ Variables: UserVariables }>;
  /** Opens the task store on first use. */
  tasks: () => TaskStore;
  apiScope: string;
  /** The most tasks one user may have (TASK_QUOTA). */
  taskQuota: number;
  adminRole: string;
}

export function apiRoutes(options: ApiRoutesOptions) {
  const { apiScope } = options;
  const api = new OpenAPIHono<{ Variables: UserVariables }>({ defaultHook: validationHook });
  api.use(options.requireUser);

  api.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      summary: 'The caller',
      tags: ['user'],
      security: sessionOrBearer(),
      responses: {
        200: { description: 'The signed-in user.', content: { 'application/json': { schema: UserSchema } } },
        401: authFailures[401],
      },
    }),
    (c) => {
      return c.json(publicUser(c.get('user')), 200);
    },
  );
  api.route('/', taskRoutes(options.tasks, apiScope, options.taskQuota));
  api.route('/', sessionRoutes(options.sessions, apiScope));
  api.route('/', adminRoutes(options.tasks, options.adminRole));
  return api;
}

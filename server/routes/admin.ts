// /api/admin: what holders of the admin app role may see — task counts per user of their own tenant.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { UserVariables } from '../middleware/require-user.ts';
import { requireRole } from '../middleware/require-role.ts';
import type { TaskStore } from '../store/task-store.ts';
import { authFailures, sessionOrBearer } from './openapi-security.ts';
import { OwnerCountsSchema } from './task-schemas.ts';
import { validationHook } from './validation-hook.ts';

export function adminRoutes(store: () => TaskStore, adminRole: string) {
  return new OpenAPIHono<{ Variables: UserVariables }>({ defaultHook: validationHook }).openapi(
    createRoute({
      method: 'get',
      path: '/admin/tasks',
      summary: 'Task counts per user',
      description:
        `Needs the \`${adminRole}\` app role. Only the caller's tenant is counted: in a multi-tenant app each ` +
        'tenant’s own administrators assign app roles, so a role never reaches across tenants.',
      tags: ['admin'],
      security: sessionOrBearer(adminRole),
      middleware: [requireRole(adminRole)] as const,
      responses: {
        200: {
          description: 'One entry per user who has used the task API (0 for none yet), most tasks first.',
          content: { 'application/json': { schema: z.array(OwnerCountsSchema) } },
        },
        ...authFailures,
      },
    }),
    (c) => c.json(store().countsByOwner(c.get('user').tenantId), 200),
  );
}

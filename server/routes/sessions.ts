// /api/sessions: the caller's signed-in browsers, and ending one of them ("sign out that laptop").
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { UserVariables } from '../middleware/require-user.ts';
import { requireScope } from '../middleware/require-scope.ts';
import type { SessionRecord } from '../session/session-store.ts';
import type { Sessions } from '../session/sessions.ts';
import { authFailures, sessionOrBearer } from './openapi-security.ts';
import { ErrorSchema } from './task-schemas.ts';
import { validationHook } from './validation-hook.ts';

const SessionSchema = z
  .object({
    id: z.string().openapi({ description: 'Names the session in `DELETE /api/sessions/{id}`; never a credential.' }),
    current: z.boolean().openapi({ description: 'True for the session making this request.' }),
    createdAt: z.iso.datetime().openapi({ description: 'Sign-in.' }),
    lastSeenAt: z.iso.datetime().openapi({ description: 'Last request, to the minute.' }),
    expiresAt: z.iso.datetime().openapi({ description: 'The latest it can end (SESSION_MAX_AGE after sign-in).' }),
    client: z.string().openapi({ example: 'Edge on Windows' }),
    userAgent: z.string().openapi({ description: 'The `User-Agent` at sign-in, at most 256 characters.' }),
  })
  .openapi('Session');

const SessionIdSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, { error: 'id must be a session id from GET /api/sessions.' })
    .openapi({ param: { name: 'id', in: 'path' }, example: 'q1X…' }),
});

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const toSession = (record: SessionRecord, current: boolean) => ({
  id: record.id,
  current,
  createdAt: new Date(record.createdAt).toISOString(),
  lastSeenAt: new Date(record.lastSeenAt).toISOString(),
  expiresAt: new Date(record.expiresAt).toISOString(),
  client: record.client,
  userAgent: record.userAgent,
});

export function sessionRoutes(sessions: Sessions, apiScope: string) {
  const scoped = requireScope(apiScope);
  const security = sessionOrBearer(apiScope);
  const sessionNotFound = (c: Context) =>
    c.json({ status: 'error', error: 'session_not_found', message: 'You have no such session.' } as const, 404);

  return new OpenAPIHono<{ Variables: UserVariables }>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/sessions',
        summary: 'The caller’s active sessions',
        description: 'Every browser signed in as the caller, this one first, then the most recently used.',
        tags: ['sessions'],
        security,
        middleware: [scoped] as const,
        responses: { 200: json(z.array(SessionSchema), 'The sessions.'), ...authFailures },
      }),
      async (c) => {
        const currentId = c.get('sessionId');
        const records = await sessions.list(c.get('user'));
        const ordered = records
          .map((record) => toSession(record, record.id === currentId))
          .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
        return c.json(ordered, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/sessions/{id}',
        summary: 'End one of the caller’s sessions',
        description:
          'That browser’s cookie is refused from then on, on every instance. Ending the current one signs out.',
        tags: ['sessions'],
        security,
        middleware: [scoped] as const,
        request: { params: SessionIdSchema },
        responses: {
          204: { description: 'Ended.' },
          400: json(ErrorSchema, 'Not a session id (`invalid_parameter`).'),
          ...authFailures,
          404: json(
            ErrorSchema,
            'No such session of the caller (`session_not_found`); another user’s is the same as none.',
          ),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        if (!(await sessions.endOne(c.get('user'), id))) return sessionNotFound(c);
        if (id === c.get('sessionId')) await sessions.end(c);
        return c.body(null, 204);
      },
    );
}

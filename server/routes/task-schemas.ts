// The request and response shapes of /api/tasks and /api/admin: validation and OpenAPI from one source.
/// <reference lib="es2024.string" />
import { z } from '@hono/zod-openapi';

/** Longest task title, in characters (UTF-16 code units); the database enforces it too. */
export const maxTitleLength = 200;

// One line of visible text: control characters (newlines, NUL, escape sequences) have no place in a title.
const title = z
  .string({ error: 'title must be a string.' })
  .trim()
  .min(1, { error: 'title must not be empty.' })
  .max(maxTitleLength, { error: `title must be at most ${maxTitleLength} characters.` })
  // A refinement, not .regex(): the document would carry a \p{…} pattern that Swagger UI runs without the u flag.
  .refine((value) => !/\p{Cc}/u.test(value), { error: 'title must not contain control characters.' })
  // A lone surrogate (JSON "\ud83d") cannot be stored as UTF-8: SQLite would keep U+FFFD in its place.
  .refine((value) => value.isWellFormed(), { error: 'title must be valid Unicode text.' })
  .openapi({ example: 'Buy milk' });

export const TaskSchema = z
  .object({
    id: z.number().int().positive().openapi({ example: 42 }),
    title: z.string().openapi({ example: 'Buy milk' }),
    completed: z.boolean(),
  })
  .openapi('Task');

// Strict: a misspelled field ("complete") is a mistake to report, not to ignore.
export const NewTaskSchema = z
  .strictObject({ title }, { error: 'The body must be a JSON object such as {"title": "…"}.' })
  .openapi('NewTask');

export const TaskChangesSchema = z
  .strictObject(
    {
      title: title.optional(),
      completed: z.boolean({ error: 'completed must be true or false.' }).optional(),
    },
    { error: 'The body must be a JSON object with title and/or completed.' },
  )
  .refine((changes) => changes.title !== undefined || changes.completed !== undefined, {
    error: 'Send title, completed, or both.',
  })
  .openapi('TaskChanges');

export const TaskIdSchema = z.object({
  id: z
    .string()
    // Digits only, and few enough to stay an exact integer: "1e3", "0x10", " 7" and "-1" are not ids.
    .regex(/^[1-9][0-9]{0,14}$/, { error: 'id must be a positive whole number.' })
    .transform(Number)
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 42 }),
});

/** Tasks per page of `GET /api/tasks` when the caller does not say, and the most it may ask for. */
export const defaultPageSize = 100;
export const maxPageSize = 500;

const limitError = `limit must be a whole number from 1 to ${maxPageSize}.`;

// Keyset pagination: `after` is the last id of the previous page, so pages stay stable while tasks change.
export const TaskPageQuerySchema = z.object({
  limit: z
    .string()
    // Digits only, as for ids: "1e2", "0x10", " 5" and "05" are not limits.
    .regex(/^[1-9][0-9]{0,2}$/, { error: limitError })
    .transform(Number)
    .refine((limit) => limit <= maxPageSize, { error: limitError })
    .optional()
    .openapi({
      param: { name: 'limit', in: 'query', description: `Tasks per page, 1 to ${maxPageSize}.` },
      type: 'integer',
      minimum: 1,
      maximum: maxPageSize,
      default: defaultPageSize,
      example: 50,
    }),
  after: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, { error: 'after must be a task id, a positive whole number.' })
    .transform(Number)
    .optional()
    .openapi({
      param: {
        name: 'after',
        in: 'query',
        description: 'Only tasks with a larger id: the last id of the previous page (from the `Link` header).',
      },
      type: 'integer',
      minimum: 1,
      example: 42,
    }),
});

export const OwnerCountsSchema = z
  .object({
    tenantId: z.string(),
    userId: z.string().openapi({ description: 'The owner’s `oid`.' }),
    name: z.string(),
    email: z.string(),
    total: z.number().int(),
    completed: z.number().int(),
  })
  .openapi('OwnerTaskCounts');

export const UserSchema = z
  .object({
    id: z.string().openapi({ description: 'The `oid` claim.' }),
    name: z.string(),
    email: z.string().openapi({ description: 'For display only; never used to authorize.' }),
    tenantId: z.string().openapi({ description: 'The `tid` claim.' }),
    roles: z.array(z.string()).openapi({ description: 'App roles (`roles` claim).' }),
  })
  .openapi('User');

export const ErrorSchema = z
  .object({
    status: z.literal('error'),
    error: z.string().openapi({ description: 'A stable code, e.g. `invalid_body`, `session_expired`.' }),
    message: z.string().openapi({ description: 'For people; may change.' }),
  })
  .openapi('Error');

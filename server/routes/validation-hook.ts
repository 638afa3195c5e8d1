// Turns a failed zod validation into our JSON 400: a stable code, and a message naming the field.
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { InvalidRequestError, type InvalidRequestCode } from '../errors.ts';

const codes: Record<string, InvalidRequestCode> = {
  json: 'invalid_body',
  param: 'invalid_parameter',
  query: 'invalid_query',
};

/** The `defaultHook` of our OpenAPIHono apps; returns nothing on success, so the handler runs. */
export function validationHook(result: { success: boolean; target: string; error?: ZodError }, _c: Context) {
  if (result.success || !result.error) return undefined;
  throw new InvalidRequestError(codes[result.target] ?? 'invalid_request', describe(result.error));
}

function describe(error: ZodError): string {
  const [issue] = error.issues;
  if (!issue) return 'The request is not valid.';
  if (issue.code === 'unrecognized_keys') {
    // Names come from the request: shortened, so a response never mirrors a large body back.
    const keys = issue.keys
      .slice(0, 5)
      .map((key) => JSON.stringify(key.slice(0, 40)))
      .join(', ');
    return `Unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}.`;
  }
  // Our schemas' messages start with the field's name; zod's defaults do not, so add it.
  const field = issue.path.map(String).join('.');
  return !field || issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
}

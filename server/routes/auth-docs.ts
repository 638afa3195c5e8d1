// Describes /auth and /healthz in the OpenAPI document. Their handlers (auth.ts) parse their own input,
// so these definitions document and never validate; keep them in step with auth.ts.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { sessionScheme } from './openapi-security.ts';
import { ErrorSchema, UserSchema } from './task-schemas.ts';

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ErrorSchema, description);

const routes = [
  createRoute({
    method: 'get',
    path: '/auth/config',
    summary: 'MSAL settings for the page',
    tags: ['auth'],
    responses: { 200: { description: '`clientId`, `authority`, `knownAuthorities`, `redirectUri`, `scopes`.' } },
  }),
  createRoute({
    method: 'get',
    path: '/auth/nonce',
    summary: 'A single-use sign-in nonce',
    description:
      'Sets a 10-minute HttpOnly cookie that binds the nonce to this browser; pass the nonce to MSAL. Each call ' +
      'sets a cookie of its own (up to 8, the oldest replaced), so several tabs can sign in; each is redeemed once.',
    tags: ['auth'],
    responses: { 200: json(z.object({ nonce: z.string() }), 'The nonce.'), 429: error('Rate limited.') },
  }),
  createRoute({
    method: 'post',
    path: '/auth/microsoft',
    summary: 'Exchange a Microsoft ID token for the session cookie',
    tags: ['auth'],
    request: {
      body: { required: true, content: { 'application/json': { schema: z.object({ id_token: z.string() }) } } },
    },
    responses: {
      200: json(z.object({ status: z.literal('success'), user: UserSchema }), 'Signed in; the session cookie is set.'),
      400: error('Malformed body.'),
      401: error('The token failed verification (code names the check), or its nonce was already used (`nonce_used`).'),
      403: error('Cross-origin request.'),
      413: error('Body over 32 KB.'),
      415: error('Not `application/json`.'),
      429: error('Rate limited.'),
      503: error(
        'The identity provider’s keys (`idp_unavailable`) or the session store (`store_unavailable`) are unreachable.',
      ),
    },
  }),
  createRoute({
    method: 'get',
    path: '/auth/session',
    summary: 'Who is signed in in this browser, or null',
    description:
      'For pages and the drop-in element: the session’s user, or `null` without a session (none, expired or ' +
      'revoked), always with 200, so a signed-out visit logs no failed request in the browser console. ' +
      'Session cookie only; `/api/me` answers 401 instead, and accepts bearer tokens.',
    tags: ['auth'],
    security: [{ [sessionScheme]: [] }, {}],
    responses: {
      200: json(UserSchema.nullable(), 'The user, or `null` when nobody is signed in.'),
      503: error('The session store (Redis) is unreachable (`store_unavailable`).'),
    },
  }),
  createRoute({
    method: 'post',
    path: '/auth/logout',
    summary: 'Sign out: end the session on the server and clear its cookie',
    description:
      'Ends this browser’s session for good: a copy of its cookie is refused afterwards, on every instance. ' +
      'With `{"everywhere": true}`, ends every session of the signed-in user (all their browsers).',
    tags: ['auth'],
    request: {
      body: {
        required: false,
        content: {
          'application/json': {
            schema: z
              .object({ everywhere: z.boolean().optional() })
              .strict()
              .openapi({ example: { everywhere: true } }),
          },
        },
      },
    },
    responses: {
      204: { description: 'Signed out; the session cookie is cleared.' },
      400: error('A body that is not `{"everywhere": true|false}` (`invalid_body`).'),
      401: error('`everywhere` without a valid session.'),
      403: error('Cross-origin request.'),
      413: error('Body over 1 KB.'),
      415: error('A body that is not `application/json`.'),
      503: error('The session store (Redis) is unreachable (`store_unavailable`).'),
    },
  }),
  createRoute({
    method: 'get',
    path: '/auth/check',
    summary: 'Forward auth: is this browser signed in (for a reverse proxy)?',
    description:
      'For nginx `auth_request`, Traefik ForwardAuth, Caddy `forward_auth` or Envoy `ext_authz` in front of a ' +
      'site’s own backend: 200 with the user in `X-Auth-Request-*` headers (oauth2-proxy’s names), taken from ' +
      'the session only. Any method gets the same answer, with no Origin check: a check changes nothing. Past ' +
      'half its life the session cookie is renewed (`Set-Cookie`): the proxy should pass it on to the browser. ' +
      'Never a redirect.',
    tags: ['auth'],
    security: [{ [sessionScheme]: [] }],
    request: {
      query: z.object({
        role: z.string().optional().openapi({ description: 'An app role the user must have, else 403.' }),
      }),
    },
    responses: {
      200: {
        description: 'Signed in (and holding `role`, if asked). Empty body.',
        headers: {
          'X-Auth-Request-User': { description: 'The user’s `oid` (the `id` of /api/me).', schema: { type: 'string' } },
          'X-Auth-Request-Email': { description: 'The email address, for display only.', schema: { type: 'string' } },
          'X-Auth-Request-Name': {
            description: 'The display name, UTF-8 percent-encoded (decodeURIComponent reads it).',
            schema: { type: 'string', example: 'Zo%C3%AB%20Smith' },
          },
          'X-Auth-Request-Tenant': { description: 'The tenant id (`tid`).', schema: { type: 'string' } },
          'X-Auth-Request-Roles': { description: 'The app roles, a comma list.', schema: { type: 'string' } },
        },
      },
      401: error('No session, or an invalid, expired or revoked one (`session_missing`, `session_revoked`, …).'),
      403: error('Signed in, but without the `role` asked for (`role_required`).'),
      503: error('The session store (Redis) is unreachable (`store_unavailable`).'),
    },
  }),
  createRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness',
    tags: ['health'],
    responses: { 200: json(z.object({ status: z.literal('ok') }), 'The server is up.') },
  }),
];

export function registerAuthDocs(registry: OpenAPIHono['openAPIRegistry']): void {
  for (const route of routes) registry.registerPath(route);
}

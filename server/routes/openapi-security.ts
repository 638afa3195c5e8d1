// The security schemes of the OpenAPI document, and the requirement each /api operation declares.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { ErrorSchema } from './task-schemas.ts';

export const sessionScheme = 'sessionCookie';
export const bearerScheme = 'bearerToken';

/** Either credential works. OpenAPI 3.1 lets non-OAuth schemes list what they need (scopes, roles). */
export const sessionOrBearer = (...needs: string[]): Record<string, string[]>[] => [
  { [sessionScheme]: needs },
  { [bearerScheme]: needs },
];

/** Registers both schemes in `registry`, described for people reading /docs. */
export function registerSecuritySchemes(
  registry: OpenAPIHono['openAPIRegistry'],
  options: { cookieName: string; apiAudiences: readonly string[]; apiScope: string; adminRole: string },
): void {
  registry.registerComponent('securitySchemes', sessionScheme, {
    type: 'apiKey',
    in: 'cookie',
    name: options.cookieName,
    description:
      'The HttpOnly session cookie set by `POST /auth/microsoft`: sign in on this site first. It carries the ' +
      `\`${options.apiScope}\` scope implicitly. Requests that change state must come from this site's ` +
      'origin (or ALLOWED_ORIGINS): others get 403 `origin_not_allowed`.',
  });
  const audiences = options.apiAudiences.map((audience) => `\`${audience}\``).join(', ');
  registry.registerComponent('securitySchemes', bearerScheme, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      `A Microsoft Entra access token for this API: \`aud\` one of ${audiences}, ` +
      `v2 or v1 issuer of an accepted tenant, and the delegated scope \`${options.apiScope}\` in \`scp\` or an ` +
      `app role in \`roles\` (\`${options.adminRole}\` opens /api/admin). ID tokens and session tokens are refused. ` +
      'Not subject to the Origin check: browsers never attach it on their own.',
  });
}

const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** Failure responses shared by the protected operations. */
export const authFailures = {
  401: error('No valid session or access token (`WWW-Authenticate: Bearer error="invalid_token"`).'),
  403: error('Authenticated, but lacking the scope or role, or a cookie request from a foreign origin.'),
};
export const bodyFailures = {
  400: error('A body that is not JSON or not as described (`invalid_body`), with the field named in `message`.'),
  413: error('Body over 8 KB.'),
  415: error('Not `application/json`.'),
};
export const notFound = { 404: error('No such task of the caller (another user’s task is the same as none).') };

// GET /openapi.json: the OpenAPI 3.1 document, generated from the route definitions of the whole app.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from '../config.ts';
import { registerAuthDocs } from './auth-docs.ts';
import { registerSecuritySchemes } from './openapi-security.ts';

/**
 * Adds the security schemes and the /auth descriptions to `app`'s registry, and serves the document.
 * Call it after every route is mounted; the document is generated once, on the first request.
 */
export function serveOpenApiDocument(app: OpenAPIHono, config: Config, cookieName: string): void {
  registerSecuritySchemes(app.openAPIRegistry, { cookieName, ...config });
  registerAuthDocs(app.openAPIRegistry);
  let document: unknown;
  app.get('/openapi.json', (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Sign in with Microsoft — API',
        version: '1.0.0',
        description:
          'Sign in on this site first (the demo page), then use “Try it out”: the session cookie goes along. ' +
          'Other clients send a Microsoft Entra access token as `Authorization: Bearer`. ' +
          'Every failure is JSON `{"status":"error","error":"<code>","message":"…"}`.',
      },
    });
    return c.json(document);
  });
}

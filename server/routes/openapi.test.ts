import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntraSigner, startEntraSigner } from '../../test/support/entra-signer.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';

// GET /openapi.json and /docs: generated from the routes, both security schemes, served without a CDN.
let signer: EntraSigner;
let app: TestApp;
let document: any;
beforeAll(async () => {
  signer = await startEntraSigner();
  app = await startTestApp(signer);
  document = await (await fetch(`${app.url}/openapi.json`)).json();
});
afterAll(async () => {
  await app.close();
  await signer.close();
});

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3 document listing every /api and /auth path with its methods', () => {
    expect(document.openapi).toMatch(/^3\./);
    const methods = Object.fromEntries(
      Object.entries(document.paths).map(([path, item]) => [path, Object.keys(item as object).sort()]),
    );
    expect(methods).toMatchObject({
      '/api/me': ['get'],
      '/api/tasks': ['get', 'post'],
      '/api/tasks/{id}': ['delete', 'patch'],
      '/api/admin/tasks': ['get'],
      '/api/sessions': ['get'],
      '/api/sessions/{id}': ['delete'],
      '/auth/nonce': ['get'],
      '/auth/microsoft': ['post'],
      '/auth/logout': ['post'],
      '/auth/check': ['get'],
      '/auth/session': ['get'],
    });
  });

  it('describes the session cookie and the bearer token, with the API scope and the admin role', () => {
    expect(document.components.securitySchemes).toMatchObject({
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'ms-session' },
      bearerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
    expect(document.paths['/api/tasks'].post.security).toEqual([
      { sessionCookie: ['access_as_user'] },
      { bearerToken: ['access_as_user'] },
    ]);
    expect(document.paths['/api/admin/tasks'].get.security).toEqual([
      { sessionCookie: ['Admin'] },
      { bearerToken: ['Admin'] },
    ]);
    expect(document.components.securitySchemes.bearerToken.description).toContain('access_as_user');
  });

  it('describes GET /auth/check: cookie only, the optional role, the X-Auth-Request-* headers', () => {
    const check = document.paths['/auth/check'].get;
    expect(check.security).toEqual([{ sessionCookie: [] }]);
    expect(check.parameters).toEqual([expect.objectContaining({ name: 'role', in: 'query', required: false })]);
    expect(Object.keys(check.responses['200'].headers).sort()).toEqual([
      'X-Auth-Request-Email',
      'X-Auth-Request-Name',
      'X-Auth-Request-Roles',
      'X-Auth-Request-Tenant',
      'X-Auth-Request-User',
    ]);
    expect(Object.keys(check.responses).sort()).toEqual(['200', '401', '403', '503']);
  });

  it('carries the validation rules of the zod schemas', () => {
    const newTask = document.components.schemas.NewTask;
    expect(newTask).toMatchObject({ type: 'object', required: ['title'], additionalProperties: false });
    expect(newTask.properties.title).toMatchObject({ minLength: 1, maxLength: 200 });
    expect(newTask.properties.title.pattern).toBeUndefined(); // \p{Cc} would break Swagger UI's (non-unicode) check
    expect(document.paths['/api/tasks/{id}'].patch.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    );
  });

  it('describes the pages of GET /api/tasks: limit, after, the Link header, and the 409 of POST', () => {
    const list = document.paths['/api/tasks'].get;
    expect(list.parameters).toEqual([
      expect.objectContaining({
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 500, default: 100 }),
      }),
      expect.objectContaining({
        name: 'after',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'integer', minimum: 1 }),
      }),
    ]);
    expect(list.responses['200'].headers.Link.description).toMatch(/next page/);
    expect(list.responses['400'].description).toMatch(/invalid_query/);
    expect(document.paths['/api/tasks'].post.responses['409'].description).toMatch(/task_quota_reached/);
  });
});

describe('GET /docs', () => {
  it('serves Swagger UI from this server, under the strict script policy', async () => {
    const page = await fetch(`${app.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/docs/swagger-ui-bundle.js">');
    expect(html).not.toMatch(/https?:\/\//); // no CDN
    expect(html).not.toMatch(/<script>(?!<)/); // no inline script
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const [asset, type] of [
      ['swagger-ui-bundle.js', 'text/javascript'],
      ['swagger-ui.css', 'text/css'],
      ['start.js', 'text/javascript'],
    ]) {
      const response = await fetch(`${app.url}/docs/${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
    }
    expect(await (await fetch(`${app.url}/docs/start.js`)).text()).toContain("url: '/openapi.json'");
  });

  it('serves nothing else from the package', async () => {
    for (const path of ['/docs/package.json', '/docs/index.html', '/docs/..%2Fpackage.json', '/docs/swagger-ui.js']) {
      expect((await fetch(`${app.url}${path}`)).status, path).toBe(404);
    }
  });
});

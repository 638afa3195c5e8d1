// GET /docs: the interactive API reference (Swagger UI from the local swagger-ui-dist package, no CDN).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

/**
 * swagger-ui-dist ships prebuilt files; only these two are served, under fixed names (no path from the URL).
 * The production bundle carries its copy of them (scripts/build-server.mjs: swagger-ui-dist, 12 MB, is no
 * dependency of the package); from the sources they are read in the package.
 */
const bundledCopy = fileURLToPath(new URL('./swagger-ui/', import.meta.url));
const distFolder = existsSync(bundledCopy)
  ? bundledCopy
  : dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const assets = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>API reference — Sign in with Microsoft</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
`;

// A file, not an inline script: the CSP is script-src 'self' here as everywhere.
// validatorUrl null: no call to validator.swagger.io. Same origin, so the session cookie goes with "Try it out".
const start = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  withCredentials: true,
});
`;

export function docsRoutes() {
  const cache = new Map<string, Promise<Buffer>>();
  const load = (name: string) => {
    let file = cache.get(name);
    if (!file) {
      file = readFile(join(distFolder, name));
      file.catch(() => cache.delete(name));
      cache.set(name, file);
    }
    return file;
  };

  const docs = new Hono()
    .get('/', (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.html(page);
    })
    .get('/start.js', (c) => {
      c.header('Cache-Control', 'no-cache');
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      return c.body(start);
    });
  // One fixed route per file, not a pattern: a regular expression with alternatives in a path makes Hono give
  // up its fastest router (RegExpRouter) for every route of the app.
  for (const [name, contentType] of Object.entries(assets)) {
    docs.get(`/${name}`, async (c) => {
      c.header('Content-Type', contentType);
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(new Uint8Array(await load(name)));
    });
  }
  return docs;
}

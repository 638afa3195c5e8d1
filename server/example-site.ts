// A plain static file server for examples/static-site, on its own port: another origin than the auth
// server on the same site, as a real site using the drop-in element would be. Development and tests only.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { listen, urlOf } from './startup.ts';

const root = resolve(import.meta.dirname, '../examples/static-site');
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The auth server's address as written in the example's HTML (what `npm run dev` listens on by default). */
export const exampleAuthOrigin = 'http://localhost:3000';

export interface ExampleSite {
  url: string;
  close(): Promise<void>;
}

export interface ExampleSiteOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** The auth server's origin, read on each request (it may start after this server); written into the HTML in place of `exampleAuthOrigin`. */
  authOrigin: () => string;
}

/**
 * Serves examples/static-site like any static host would (no build, no server code of ours), with the
 * auth server's real address put in place of http://localhost:3000 when it runs elsewhere.
 * @example const site = await startExampleSite({ port: 0, authOrigin: () => devServer.url });
 */
export async function startExampleSite(options: ExampleSiteOptions): Promise<ExampleSite> {
  const server = await listen(
    (request, response) => {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return send(response, 405, 'text/plain', 'Method not allowed');
      const file = fileFor(request.url ?? '/');
      if (!file) return send(response, 404, 'text/plain', 'Not found');
      readFile(file).then(
        (content) => {
          const type = contentTypes[extname(file)] ?? 'application/octet-stream';
          const body = type.startsWith('text/html')
            ? content.toString('utf8').replaceAll(exampleAuthOrigin, options.authOrigin())
            : content;
          send(response, 200, type, request.method === 'HEAD' ? '' : body);
        },
        () => send(response, 404, 'text/plain', 'Not found'),
      );
    },
    options.host ?? 'localhost',
    options.port,
  );
  return {
    url: urlOf(server),
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

/** The file a URL names inside the example folder, or undefined (outside it, or not a valid path). */
function fileFor(url: string): string | undefined {
  try {
    const path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    return file.startsWith(root + sep) ? file : undefined;
  } catch {
    return undefined; // malformed percent-encoding
  }
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  // Edits show on the next reload.
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
}

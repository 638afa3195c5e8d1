// /sdk: the drop-in element's script (dist/sdk, built by `npm run build`) for any site to load.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { errorResponse } from '../errors.ts';

/** The public entry point: its URL never changes, so caches must check back soon after a release. */
export const loaderPath = 'ms-signin.js';
const loaderCache = 'public, max-age=300'; // 5 minutes, then revalidated with the ETag
// Chunks carry a content hash in their name: a new build makes new names.
const chunkCache = 'public, max-age=31536000, immutable'; // one year

type Bytes = Uint8Array<ArrayBuffer>;

interface SdkFile {
  etag: string;
  identity: Bytes;
  /** Compressed on first request, then kept: the files never change while running. */
  encoded(encoding: 'br' | 'gzip'): Promise<Bytes>;
}

const compressors = {
  gzip: (bytes: Bytes) => promisify(gzip)(bytes, { level: 9 }),
  br: (bytes: Bytes) => promisify(brotliCompress)(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
};

/**
 * Reads every script once (about 300 KB in all). Compression waits for the first request of each file and
 * encoding, off the event loop: brotli at quality 11 on every chunk took most of a second of start-up.
 */
function loadFiles(root: string): Map<string, SdkFile> {
  const files = new Map<string, SdkFile>();
  if (!existsSync(root)) {
    console.warn(`${root} is missing: /sdk answers 404 until "npm run build" has built the drop-in element.`);
    return files;
  }
  for (const name of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.js')) continue;
    const identity = new Uint8Array(readFileSync(join(root, name)));
    const done = new Map<'br' | 'gzip', Promise<Bytes>>();
    files.set(name.split('\\').join('/'), {
      etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
      identity,
      encoded(encoding) {
        let bytes = done.get(encoding);
        if (!bytes) {
          bytes = compressors[encoding](identity).then((buffer) => new Uint8Array(buffer));
          done.set(encoding, bytes);
        }
        return bytes;
      },
    });
  }
  return files;
}

function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Set(acceptEncoding?.split(',').map((part) => part.split(';')[0]?.trim()));
  return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : undefined;
}

/**
 * Serves the loader and its chunks with CORS for every origin (`*`: public code, never any cookie or
 * user data, so no origin list to keep in step) and `Cross-Origin-Resource-Policy: cross-origin`, which
 * the app's default `same-origin` would otherwise forbid to other sites.
 */
export function sdkRoutes(root: string): Hono {
  const files = loadFiles(root);
  return new Hono().get('/*', async (c) => {
    // Under the route's own prefix, wherever the app mounts it: /sdk/* standalone, /auth/sdk/* in the library.
    const name = c.req.path.slice(routePath(c).length - 1);
    const file = files.get(name);
    if (!file) return errorResponse(c, 404, 'not_found', 'Nothing is here.');
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', name === loaderPath ? loaderCache : chunkCache);
    c.header('ETag', file.etag);
    c.header('Vary', 'Accept-Encoding');
    const ifNoneMatch = c.req.header('If-None-Match');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) return c.body(null, 304);
    const encoding = pickEncoding(c.req.header('Accept-Encoding'));
    if (encoding) c.header('Content-Encoding', encoding);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(encoding ? await file.encoded(encoding) : file.identity, 200);
  });
}

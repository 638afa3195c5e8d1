import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { inMemoryApp } from '../../test/support/test-app.ts';
import type { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';

const env = {
  ENTRA_CLIENT_ID: '6b8f1c2d-3e4a-4b5c-8d6e-7f8091a2b3c4',
  ENTRA_TENANT_ID: '3f1a6a2e-8c1b-4f5e-9a7d-2b6c4d8e0f11',
  SESSION_SECRET: 'x'.repeat(32),
  NODE_ENV: 'production',
};
const loader = `export const loader = ${JSON.stringify('x'.repeat(2_000))};`;
const chunk = 'export const msal = 1;';
let app: Awaited<ReturnType<typeof createApp>>;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'sdk-'));
  mkdirSync(join(root, 'chunks'));
  writeFileSync(join(root, 'ms-signin.js'), loader);
  writeFileSync(join(root, 'chunks', 'sign-in-AbC123.js'), chunk);
  writeFileSync(join(root, 'chunks', 'notes.txt'), 'not a script');
  app = await inMemoryApp(loadConfig(env), { sdkRoot: root });
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe('sdkRoutes()', () => {
  it('lets any site load the loader: CORS *, cross-origin resource policy, JavaScript, nosniff', async () => {
    const response = await get('/sdk/ms-signin.js', { Origin: 'https://www.example.com' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    // The app's default is same-origin, which would stop other sites from running the script.
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(loader);
  });

  it('caches the loader briefly with an ETag, and the content-hashed chunks for good', async () => {
    const response = await get('/sdk/ms-signin.js');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const revalidated = await get('/sdk/ms-signin.js', { 'If-None-Match': `W/${etag}` });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('access-control-allow-origin')).toBe('*');
    expect(await revalidated.text()).toBe('');
    expect((await get('/sdk/ms-signin.js', { 'If-None-Match': '"other"' })).status).toBe(200);

    const chunkResponse = await get('/sdk/chunks/sign-in-AbC123.js');
    expect(chunkResponse.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await chunkResponse.text()).toBe(chunk);
  });

  it('sends brotli or gzip when the browser takes it', async () => {
    const brotli = await get('/sdk/ms-signin.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('vary')).toBe('Accept-Encoding');
    const body = Buffer.from(await brotli.arrayBuffer());
    expect(body.length).toBeLessThan(loader.length / 10);
    expect(brotliDecompressSync(body).toString()).toBe(loader);

    const gzip = await get('/sdk/ms-signin.js', { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(loader);
  });

  it('answers 404 for anything that is not a built script, without reading the disk', async () => {
    for (const path of [
      '/sdk/',
      '/sdk/chunks/notes.txt',
      '/sdk/../package.json',
      '/sdk/%2e%2e/app.ts',
      '/sdk/chunks/missing.js',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not_found' });
    }
  });

  it('keeps the same-origin resource policy everywhere else', async () => {
    expect((await get('/healthz')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});

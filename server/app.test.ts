import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inMemoryApp } from '../test/support/test-app.ts';
import type { createApp } from './app.ts';
import { loadConfig } from './config.ts';

const env = {
  ENTRA_CLIENT_ID: '6b8f1c2d-3e4a-4b5c-8d6e-7f8091a2b3c4',
  ENTRA_TENANT_ID: '3f1a6a2e-8c1b-4f5e-9a7d-2b6c4d8e0f11',
  SESSION_SECRET: 'x'.repeat(32),
};

describe('createApp()', () => {
  it('answers /healthz', async () => {
    const app = await inMemoryApp(loadConfig(env));
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('routes with Hono’s RegExpRouter: no route has a shape that makes it fall back to a slower router', async () => {
    const app = await inMemoryApp(loadConfig(env));
    await app.request('/healthz'); // the SmartRouter picks its router at the first request
    expect(app.router.name).toBe('SmartRouter + RegExpRouter');
  });

  it('sets security headers, without an opener policy that would break the popup', async () => {
    const app = await inMemoryApp(loadConfig(env));
    const headers = (await app.request('/healthz')).headers;
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(headers.get('cross-origin-opener-policy')).toBeNull();
    const csp = headers.get('content-security-policy') ?? '';
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toContain("connect-src 'self' https://login.microsoftonline.com");
    expect(headers.get('strict-transport-security')).toBeNull();
  });

  it('answers unknown paths with a JSON 404', async () => {
    const app = await inMemoryApp(loadConfig(env));
    const response = await app.request('/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 'error', error: 'not_found' });
  });

  it('tells the page how to configure MSAL for real Entra', async () => {
    const app = await inMemoryApp(loadConfig(env));
    expect(await (await app.request('/auth/config')).json()).toEqual({
      clientId: env.ENTRA_CLIENT_ID,
      authority: `https://login.microsoftonline.com/${env.ENTRA_TENANT_ID}`,
      knownAuthorities: ['login.microsoftonline.com'],
      redirectUri: '/redirect.html',
      scopes: ['openid', 'profile', 'email'],
    });
  });

  it('gives MSAL an https placeholder and the real endpoints for a local http authority', async () => {
    const app = await inMemoryApp(loadConfig({ ...env, ENTRA_AUTHORITY_HOST: 'http://localhost:3000' }));
    const settings = (await (await app.request('/auth/config')).json()) as Record<string, string>;
    expect(settings.authority).toBe(`https://local-authority.invalid/${env.ENTRA_TENANT_ID}`);
    expect(settings.knownAuthorities).toEqual(['local-authority.invalid']);
    expect(JSON.parse(settings.authorityMetadata!)).toMatchObject({
      authorization_endpoint: `http://localhost:3000/${env.ENTRA_TENANT_ID}/oauth2/v2.0/authorize`,
      token_endpoint: `http://localhost:3000/${env.ENTRA_TENANT_ID}/oauth2/v2.0/token`,
    });
  });

  it('serves the built page with cache headers that fit each file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(join(root, 'redirect.html'), '<!doctype html><title>redirect</title>');
    writeFileSync(join(root, 'assets', 'main-abc123.js'), 'console.log(1)');
    const app = await inMemoryApp(loadConfig({ ...env, NODE_ENV: 'production' }), { staticRoot: root });
    const page = await app.request('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    expect((await app.request('/redirect.html')).headers.get('cache-control')).toBe('no-store');
    expect((await app.request('/assets/main-abc123.js')).headers.get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
  });
});

describe('CORS', () => {
  const sibling = 'https://www.example.test';
  const preflight = (app: Awaited<ReturnType<typeof createApp>>, origin: string) =>
    app.request('/auth/microsoft', {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });

  it('allows credentials for ALLOWED_ORIGINS only, and varies on Origin (X5)', async () => {
    const app = await inMemoryApp(loadConfig({ ...env, ALLOWED_ORIGINS: sibling }));
    const allowed = await preflight(app, sibling);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(sibling);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const refused = await preflight(app, 'https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('vary')).toMatch(/Origin/);
  });

  it('lets an allowed origin sign in and refuses one outside the list, even from a sibling subdomain (X3)', async () => {
    const app = await inMemoryApp(loadConfig({ ...env, ALLOWED_ORIGINS: sibling }));
    const post = (origin: string, extra: Record<string, string> = {}) =>
      app.request('/auth/microsoft', {
        method: 'POST',
        headers: { Origin: origin, 'Content-Type': 'application/json', ...extra },
        body: '{}',
      });
    expect((await post(sibling)).status).toBe(400); // past the origin check, refused for its empty body
    expect((await post('https://app.example.test', { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect((await post('https://www.example.test.evil.com')).status).toBe(403);
    expect((await post('http://www.example.test')).status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleSite, startExampleSite } from './example-site.ts';

let site: ExampleSite;
let authOrigin = 'http://localhost:4567';

beforeAll(async () => {
  site = await startExampleSite({ port: 0, authOrigin: () => authOrigin });
});
afterAll(async () => {
  await site.close();
});

describe('startExampleSite()', () => {
  it('serves the example page with the auth server it is told, read on each request', async () => {
    const page = await fetch(`${site.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="http://localhost:4567/sdk/ms-signin.js"></script>');
    expect(html).toContain('login-uri="http://localhost:4567/auth/microsoft"');
    expect(html).not.toContain('localhost:3000');
    authOrigin = 'http://localhost:7654';
    expect(await (await fetch(`${site.url}/index.html`)).text()).toContain('http://localhost:7654/sdk/ms-signin.js');
  });

  it('is on another origin of the same site: localhost', () => {
    expect(site.url).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it('serves nothing outside the example folder, and survives malformed paths', async () => {
    for (const path of ['/../../package.json', '/%2e%2e/%2e%2e/package.json', '/%E0%A4%A', '/missing.html']) {
      expect((await fetch(`${site.url}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${site.url}/`, { method: 'POST' })).status).toBe(405);
  });
});

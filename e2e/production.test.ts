import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import users from '../server/dev-idp/users.json' with { type: 'json' };

// `npm run build` then `npm start`, as a person deploying it would: the built page and the API, production rules.
const clientId = '6b8f1c2d-3e4a-4b5c-8d6e-7f8091a2b3c4';
const tenantId = '3f1a6a2e-8c1b-4f5e-9a7d-2b6c4d8e0f11';
let server: ChildProcess;
let url: string;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error']);
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      ENTRA_CLIENT_ID: clientId,
      ENTRA_TENANT_ID: tenantId,
      SESSION_SECRET: 'a-production-secret-of-at-least-32-bytes',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: server.stdout! })) {
    const match = /Listening on (\S+)/.exec(line);
    if (match) {
      url = match[1]!;
      break;
    }
  }
}, 120_000);
afterAll(() => {
  server?.kill();
});

describe('the production server', () => {
  it('serves the built demo page and its redirect page', async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in with Microsoft');
    const redirect = await fetch(`${url}/redirect.html`);
    expect(redirect.status).toBe(200);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    expect(redirect.headers.get('cross-origin-opener-policy')).toBeNull();
  });

  it('configures MSAL for real Microsoft Entra ID', async () => {
    const settings = (await (await fetch(`${url}/auth/config`)).json()) as Record<string, unknown>;
    expect(settings).toMatchObject({ clientId, authority: `https://login.microsoftonline.com/${tenantId}` });
    expect(settings.authorityMetadata).toBeUndefined();
  });

  it('has no development identity provider', async () => {
    const devTenant = users.tenantId;
    for (const path of [
      `/${devTenant}/oauth2/v2.0/authorize`,
      `/${devTenant}/discovery/v2.0/keys`,
      '/common/v2.0/.well-known/openid-configuration',
    ]) {
      expect((await fetch(`${url}${path}`)).status).toBe(404);
    }
  });

  it('sets Secure __Host- cookies and HSTS', async () => {
    const response = await fetch(`${url}/auth/nonce`);
    expect(response.headers.getSetCookie()[0]).toMatch(/^__Host-ms-nonce=.*; Secure/);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });
});

// Test support: a DevIdp served over real HTTP on an ephemeral port, and helpers that speak to it like MSAL.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createDevIdp, type DevIdp, type DevIdpOptions } from './dev-idp.ts';

export const redirectUri = 'http://localhost:5173/redirect.html';
export const testState = 'eyJpZCI6IjEifQ==|a b&c';

export interface TestServer {
  idp: DevIdp;
  baseUrl: string;
  endpoint(path: string, tenant?: string): string;
  authorizeParams(overrides?: Record<string, string | undefined>): URLSearchParams;
  /** Authorize GET + picker POST; returns the redirect's location and its fragment parameters. */
  authorize(options: {
    challenge: string;
    oid: string;
    extra?: Record<string, string | undefined>;
    /** The tenant path segment; default the workforce tenant id. */
    tenant?: string;
  }): Promise<{
    location: string;
    fragment: URLSearchParams;
  }>;
  redeem(body: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
  close(): void;
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export async function startTestServer(options: Omit<DevIdpOptions, 'baseUrl'> = {}): Promise<TestServer> {
  // The provider needs its public URL, known only once the server listens: the handler delegates to `idp`.
  let idp: DevIdp | undefined;
  const server = serve({
    fetch: (request) => (idp ? idp.app.fetch(request) : new Response('starting', { status: 503 })),
    port: 0,
    hostname: '127.0.0.1',
  });
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The test page's redirect URI is registered unless a test registers others.
  const ready = await createDevIdp({ redirectUris: [redirectUri], ...options, baseUrl });
  idp = ready;

  const endpoint = (path: string, tenant: string = ready.tenantId) => `${baseUrl}/${tenant}${path}`;

  const authorizeParams = (overrides: Record<string, string | undefined> = {}) => {
    const params: Record<string, string | undefined> = {
      client_id: ready.clientId,
      scope: 'openid profile offline_access',
      redirect_uri: redirectUri,
      response_mode: 'fragment',
      response_type: 'code',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      nonce: 'nonce-123',
      state: testState,
      client_info: '1',
      'x-client-SKU': 'msal.js.browser',
      ...overrides,
    };
    return new URLSearchParams(
      Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
  };

  return {
    idp: ready,
    baseUrl,
    endpoint,
    authorizeParams,
    async authorize({ challenge, oid, extra, tenant }) {
      const params = authorizeParams({ code_challenge: challenge, ...extra });
      const picker = await fetch(`${endpoint('/oauth2/v2.0/authorize', tenant)}?${params}`);
      if (picker.status !== 200) throw new Error(`authorize GET answered ${picker.status}`);
      const hidden = [...(await picker.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)];
      const form = new URLSearchParams(hidden.map(([, name, value]) => [name!, unescapeHtml(value!)]));
      form.set('oid', oid);
      const response = await fetch(endpoint('/oauth2/v2.0/authorize', tenant), {
        method: 'POST',
        body: form,
        redirect: 'manual',
      });
      const location = response.headers.get('location');
      if (response.status !== 302 || !location) throw new Error(`authorize POST answered ${response.status}`);
      return { location, fragment: new URLSearchParams(new URL(location).hash.slice(1)) };
    },
    redeem(body, headers = {}) {
      return fetch(`${endpoint('/oauth2/v2.0/token')}?client-request-id=req-1`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: ready.clientId,
          redirect_uri: redirectUri,
          scope: 'openid profile offline_access',
          ...body,
        }),
      });
    },
    close() {
      server.close();
    },
  };
}

// Starts the real app on an ephemeral port against an Entra stand-in, and signs in like a browser would.
import { getRequestListener } from '@hono/node-server';
import { type AppOptions, createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { clientId, type EntraSigner, tenantId } from './entra-signer.ts';
import { serveOnEphemeralPort, setCookies } from './http.ts';

export const sessionSecret = 'test-session-secret-of-at-least-32-bytes!';

export async function startTestApp(signer: EntraSigner, env: Record<string, string> = {}, options: AppOptions = {}) {
  const config = loadConfig({
    ENTRA_CLIENT_ID: clientId,
    ENTRA_TENANT_ID: tenantId,
    ENTRA_AUTHORITY_HOST: signer.authority,
    SESSION_SECRET: sessionSecret,
    ...env,
  });
  const app = await createApp(config, { rateLimits: { signIn: 10_000, nonce: 10_000 }, ...options });
  const server = await serveOnEphemeralPort((request) => app.fetch(request));
  const url = server.url;

  /** GET /auth/nonce: the nonce and the Cookie header that binds it. */
  async function getNonce() {
    const response = await fetch(`${url}/auth/nonce`);
    const { nonce } = (await response.json()) as { nonce: string };
    const cookie = [...setCookies(response)].map(([name, { value }]) => `${name}=${value}`).join('; ');
    return { nonce, cookie, response };
  }

  /** POST /auth/microsoft as the page would: same origin, JSON, with the given cookie. */
  function postIdToken(body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${url}/auth/microsoft`, {
      method: 'POST',
      headers: { Origin: url, 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** A whole sign-in with a freshly signed, valid token; returns the session cookie header. */
  async function signIn(claims = {}) {
    const { nonce, cookie } = await getNonce();
    const token = await signer.sign(signer.idTokenClaims({ nonce, ...claims }));
    const response = await postIdToken({ id_token: token }, { Cookie: cookie });
    const session = setCookies(response).get('ms-session');
    return { response, sessionCookie: session ? `ms-session=${session.value}` : undefined };
  }

  return { url, config, close: server.close, getNonce, postIdToken, signIn };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

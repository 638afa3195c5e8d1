// A browser's sign-in against a server on `url`, with tokens from the Entra stand-in: nonce, ID token, session.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWTPayload } from 'jose';
import { clientId, type EntraSigner, tenantId } from './entra-signer.ts';
import { setCookies } from './http.ts';

/** The calls a page makes to sign in at `url` (the standalone server, or a host app with the library's routes). */
export function signInClient(url: string, signer: EntraSigner, authPath = '/auth') {
  /** GET /auth/nonce: the nonce and the Cookie header that binds it. */
  async function getNonce() {
    const response = await fetch(`${url}${authPath}/nonce`);
    const { nonce } = (await response.json()) as { nonce: string };
    const cookie = [...setCookies(response)].map(([name, { value }]) => `${name}=${value}`).join('; ');
    return { nonce, cookie, response };
  }

  /** POST /auth/microsoft as the page would: same origin, JSON, with the given cookie. */
  function postIdToken(body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${url}${authPath}/microsoft`, {
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
    return { response, sessionCookie: session?.value ? `ms-session=${session.value}` : undefined };
  }

  /** An `Authorization` header value with a freshly signed access token (v2 unless `version` says 1.0). */
  async function bearer(claims: JWTPayload = {}, version: '2.0' | '1.0' = '2.0') {
    return `Bearer ${await signer.sign(signer.accessTokenClaims(claims, version))}`;
  }

  return { getNonce, postIdToken, signIn, bearer };
}

/** createSignIn()'s options for a host app of a test: the stand-in's tenant, a fresh database, no rate limits in the way. */
export function hostAppOptions(signer: EntraSigner) {
  return {
    clientId,
    tenantId,
    authorityHost: signer.authority,
    sessionSecret: 'a-host-app-secret-of-at-least-32-bytes',
    databasePath: join(mkdtempSync(join(tmpdir(), 'ms-signin-db-')), 'app.db'),
    rateLimits: { signIn: 1000, nonce: 1000 },
  };
}

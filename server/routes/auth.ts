// /auth: the nonce, the exchange of a Microsoft ID token for a session cookie, who is signed in (session-status.ts),
// sign-out, and MSAL settings.
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { IdTokenVerifier } from '../entra/verify-id-token.ts';
import { AuthError, BodyTooLargeError, InvalidRequestError, UnsupportedMediaTypeError } from '../errors.ts';
import { requireJsonBody } from '../middleware/json-body.ts';
import { nonceCookies, nonceLifetime } from '../session/nonce.ts';
import type { SessionStore } from '../session/session-store.ts';
import type { Sessions } from '../session/sessions.ts';
import type { BrowserMsalSettings } from './msal-settings.ts';
import { sessionStatus } from './session-status.ts';

export interface AuthRoutesOptions {
  verifyIdToken: IdTokenVerifier;
  sessions: Sessions;
  /** Where redeemed nonces are remembered, so that each serves one sign-in. */
  store: SessionStore;
  /** Production: the nonce cookies are Secure and `__Host-` prefixed. */
  secure: boolean;
  /** MSAL's settings for `GET /auth/config`. */
  msalSettings: () => Promise<BrowserMsalSettings>;
  /** Rate limits of `/auth/microsoft` and `/auth/nonce` (rate-limit.ts). */
  limitSignIns: MiddlewareHandler;
  limitNonces: MiddlewareHandler;
}

/** An ID token with every claim is a few KB; anything near this is not one. */
const maxSignInBody = 32 * 1024;
/** `{"everywhere": true}` and some room. */
const maxLogoutBody = 1024;

export function authRoutes(options: AuthRoutesOptions) {
  const { verifyIdToken, sessions, store } = options;
  const nonces = nonceCookies({ secure: options.secure });

  return new Hono()
    .get('/config', async (c) => c.json(await options.msalSettings()))

    .get('/nonce', options.limitNonces, (c) => c.json({ nonce: nonces.issue(c) }))

    .get('/session', sessionStatus(sessions))

    .post('/microsoft', options.limitSignIns, ...requireJsonBody(maxSignInBody), async (c) => {
      const idToken = await readIdToken(c.req.raw);
      const candidates = nonces.candidates(c);
      const { user, nonce } = await verifyIdToken(
        idToken,
        candidates.map((candidate) => candidate.nonce),
      );
      if (nonce !== undefined) {
        const cookie = candidates.find((candidate) => candidate.nonce === nonce)!;
        nonces.clear(c, cookie.name);
        // Once, on every instance: a replay of this token with this cookie is refused.
        if (!(await store.redeemNonce(nonce, cookie.issuedAt + nonceLifetime * 1000))) {
          throw new AuthError('nonce_used', 'This sign-in was already completed. Please sign in again.');
        }
      }
      // A new session on every sign-in, so a cookie planted beforehand is never promoted (fixation).
      await sessions.start(c, user);
      return c.json({ status: 'success', user });
    })

    .post('/logout', bodyLimit({ maxSize: maxLogoutBody, onError: tooLarge }), async (c) => {
      const everywhere = await readLogoutBody(c.req.raw);
      if (everywhere) {
        const { user } = await sessions.read(c); // 401 without a valid session: no caller to sign out
        await sessions.endAll(c, user);
      } else {
        await sessions.end(c);
      }
      // No `Clear-Site-Data: "cookies"`: browsers apply it to the whole registrable domain, so signing out
      // through auth.example.com would also wipe every cookie of the site www.example.com.
      return c.body(null, 204);
    });
}

// Content type and size are checked before (requireJsonBody): a form cannot carry the token (login CSRF).
async function readIdToken(request: Request): Promise<string> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new InvalidRequestError('invalid_body', 'The body is not valid JSON.');
  }
  const idToken = typeof body === 'object' && body !== null && 'id_token' in body ? body.id_token : undefined;
  if (typeof idToken !== 'string' || idToken.length === 0) {
    throw new InvalidRequestError('invalid_body', 'The body must be {"id_token": "<the ID token>"}.');
  }
  return idToken;
}

/** No body: this session. A body must be JSON `{"everywhere": true|false}`. Returns `everywhere`. */
async function readLogoutBody(request: Request): Promise<boolean> {
  const text = await request.text();
  if (text === '') return false;
  const type = request.headers.get('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new UnsupportedMediaTypeError();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const { everywhere = false, ...rest } = body as { everywhere?: unknown };
    if (typeof everywhere === 'boolean' && Object.keys(rest).length === 0) return everywhere;
  }
  throw new InvalidRequestError('invalid_body', 'The body must be empty or {"everywhere": true}.');
}

const tooLarge = (): never => {
  throw new BodyTooLargeError();
};

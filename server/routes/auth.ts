// /auth: the nonce, the exchange of a Microsoft ID token for a session cookie, sign-out, and MSAL settings.
import { Hono } from 'hono';
import type { IdTokenVerifier } from '../entra/verify-id-token.ts';
import { AuthError, errorResponse, ProviderUnavailableError } from '../errors.ts';
import { requireJsonBody } from '../middleware/json-body.ts';
import { limitPerMinute } from '../middleware/rate-limit.ts';
import type { CookieJar } from '../session/cookies.ts';
import { issueNonce, takeNonce } from '../session/nonce.ts';
import type { SessionCodec } from '../session/session.ts';
import type { BrowserMsalSettings } from './msal-settings.ts';

export interface AuthRoutesOptions {
  verifyIdToken: IdTokenVerifier;
  sessions: SessionCodec;
  sessionCookie: CookieJar;
  nonceCookie: CookieJar;
  msalSettings: BrowserMsalSettings;
  /** Requests a minute per client address: sign-in attempts and nonces. */
  rateLimits: { signIn: number; nonce: number };
}

/** An ID token with every claim is a few KB; anything near this is not one. */
const maxSignInBody = 32 * 1024;

export function authRoutes(options: AuthRoutesOptions) {
  const { verifyIdToken, sessions, sessionCookie, nonceCookie } = options;

  return new Hono()
    .get('/config', (c) => c.json(options.msalSettings))

    .get('/nonce', limitPerMinute(options.rateLimits.nonce), (c) => c.json({ nonce: issueNonce(c, nonceCookie) }))

    .post('/microsoft', limitPerMinute(options.rateLimits.signIn), ...requireJsonBody(maxSignInBody), async (c) => {
      const idToken = await readIdToken(c.req.raw);
      if (typeof idToken !== 'string') return errorResponse(c, idToken.status, idToken.error, idToken.message);
      const expectedNonce = takeNonce(c, nonceCookie);
      try {
        const user = await verifyIdToken(idToken, expectedNonce);
        // A new session value on every sign-in, so a cookie planted beforehand is never promoted (fixation).
        sessionCookie.set(c, await sessions.create(user));
        return c.json({ status: 'success', user });
      } catch (error) {
        if (error instanceof AuthError) return errorResponse(c, 401, error.code, error.message);
        if (error instanceof ProviderUnavailableError) {
          console.warn(`sign-in: identity provider unavailable (${describeCause(error.cause)})`);
          return errorResponse(c, 503, error.code, error.message);
        }
        throw error;
      }
    })

    .post('/logout', (c) => {
      sessionCookie.clear(c);
      // No `Clear-Site-Data: "cookies"`: browsers apply it to the whole registrable domain, so signing out
      // through auth.example.com would also wipe every cookie of the site www.example.com.
      return c.body(null, 204);
    });
}

type BodyProblem = { status: 400; error: string; message: string };

// Content type and size are checked before (requireJsonBody): a form cannot carry the token (login CSRF).
async function readIdToken(request: Request): Promise<string | BodyProblem> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return { status: 400, error: 'invalid_body', message: 'The body is not valid JSON.' };
  }
  const idToken = typeof body === 'object' && body !== null && 'id_token' in body ? body.id_token : undefined;
  if (typeof idToken !== 'string' || idToken.length === 0) {
    return { status: 400, error: 'invalid_body', message: 'The body must be {"id_token": "<the ID token>"}.' };
  }
  return idToken;
}

/** The kind of failure, never its details: messages of fetch errors may carry URLs with secrets. */
const describeCause = (cause: unknown) => (cause instanceof Error ? cause.name : 'unknown');

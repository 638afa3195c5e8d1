// `ms-signin/hono`: Sign in with Microsoft inside your own Hono app (docs/library.md).
import type { Hono, MiddlewareHandler } from 'hono';
import type { RequireUserOptions } from '../middleware/require-user.ts';
import type { SignInOptions } from '../sign-in/options.ts';
import type { ApiUser } from '../user.ts';
import { openSignIn } from './open-sign-in.ts';

export type { RequireUserOptions } from '../middleware/require-user.ts';
export type { SessionRecord, SessionStore } from '../session/session-store.ts';
export type { SignInLogger, SignInOptions } from '../sign-in/options.ts';
export { ConfigError } from '../sign-in/resolve-options.ts';
export type { User } from '../user.ts';

/** The user a guarded route sees: the `/api/me` fields, and what proved them. */
export type SignedInUser = ApiUser;

/** What `requireUser()` puts on the context: `c.get('user')`. */
export type SignInVariables = { user: SignedInUser };

export interface HonoSignIn {
  /**
   * Every `/auth/*` route of the standalone server (`/nonce`, `/microsoft`, `/logout`, `/session`, `/config`,
   * `/check`) and the drop-in script at `/sdk/ms-signin.js`: mount it at `/auth`, where the element looks.
   *
   * @example app.route('/auth', signIn.routes)
   */
  routes: Hono;
  /**
   * Guards a route: a session cookie or an `Authorization: Bearer` access token, or 401; with `role` or
   * `scope`, 403 without them; a cookie-authenticated POST, PUT, PATCH or DELETE from another origin than the
   * app's own and `allowedOrigins`, 403. Answers refusals itself (JSON, as the standalone server's /api).
   *
   * @example app.get('/hello', signIn.requireUser(), (c) => c.text(`Hello, ${c.get('user').name}`))
   */
  requireUser(options?: RequireUserOptions): MiddlewareHandler<{ Variables: SignInVariables }>;
  /** Closes the stores `createSignIn` opened (SQLite, Redis); a `store` you passed stays open. */
  close(): Promise<void>;
}

/**
 * Builds the sign-in for a Hono app. Rejects with one line naming the option when an option is wrong, or
 * naming `databasePath` / `redisUrl` when its store cannot be opened.
 *
 * @example
 * ```ts
 * const signIn = await createSignIn({ clientId, tenantId, sessionSecret });
 * app.route('/auth', signIn.routes);
 * app.get('/hello', signIn.requireUser(), (c) => c.text(`Hello, ${c.get('user').name}`));
 * ```
 */
export async function createSignIn(options: SignInOptions): Promise<HonoSignIn> {
  const { parts, close } = await openSignIn(options);
  return {
    routes: parts.routes,
    requireUser: (guard) => parts.requireUser(guard) as MiddlewareHandler<{ Variables: SignInVariables }>,
    close,
  };
}

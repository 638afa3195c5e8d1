// `ms-signin/express`: Sign in with Microsoft inside your own Express 5 (or Connect-style) app (docs/library.md).
// The routes and the guard are the same Hono parts as the standalone server's and ms-signin/hono's; this file
// only carries Node's request and response to them and back.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import type { RequireUserOptions } from '../middleware/require-user.ts';
import type { SignInOptions } from '../sign-in/options.ts';
import type { ApiUser } from '../user.ts';
import { openSignIn } from './open-sign-in.ts';

export type { RequireUserOptions } from '../middleware/require-user.ts';
export type { SessionRecord, SessionStore } from '../session/session-store.ts';
export type { SignInLogger, SignInOptions } from '../sign-in/options.ts';
export { ConfigError } from '../sign-in/resolve-options.ts';
export type { User } from '../user.ts';

/** The user a guarded route sees at `req.user`: the `/api/me` fields, and what proved them. */
export type SignedInUser = ApiUser;

declare global {
  // Express's own place for the signed-in user (as Passport's types use it): `req.user` is typed in handlers.
  namespace Express {
    interface User extends SignedInUser {}
    interface Request {
      /** The signed-in user, on the routes `signIn.requireUser()` guards (undefined on the others). */
      user: User;
    }
  }
}

/** Connect-style middleware: what `app.use()` and `app.get()` take. */
export type Middleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

export interface ExpressSignIn {
  /**
   * Every `/auth/*` route of the standalone server (`/nonce`, `/microsoft`, `/logout`, `/session`, `/config`,
   * `/check`) and the drop-in script at `/sdk/ms-signin.js`: mount it at `/auth`, where the element looks.
   * Works after `express.json()` too.
   *
   * @example app.use('/auth', signIn.router)
   */
  router: Middleware;
  /**
   * Guards a route: a session cookie or an `Authorization: Bearer` access token, or 401; with `role` or `scope`,
   * 403 without them; a cookie-authenticated POST, PUT, PATCH or DELETE from another origin than the app's own
   * and `allowedOrigins`, 403. Sets `req.user`; answers refusals itself (JSON, as the standalone server's /api).
   *
   * @example app.get('/hello', signIn.requireUser(), (req, res) => res.send(`Hello, ${req.user.name}`))
   */
  requireUser(options?: RequireUserOptions): Middleware;
  /** Closes the stores `createSignIn` opened (SQLite, Redis); a `store` you passed stays open. */
  close(): Promise<void>;
}

/** What the guard's Hono app hands back to Express: the Node objects, and the user once proven. */
interface GuardBindings {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
  user?: SignedInUser;
}

/**
 * Builds the sign-in for an Express app. Rejects with one line naming the option when an option is wrong, or
 * naming `databasePath` / `redisUrl` when its store cannot be opened.
 *
 * @example
 * ```ts
 * const signIn = await createSignIn({ clientId, tenantId, sessionSecret });
 * app.use('/auth', signIn.router);
 * app.get('/hello', signIn.requireUser(), (req, res) => res.send(`Hello, ${req.user.name}`));
 * ```
 */
export async function createSignIn(options: SignInOptions): Promise<ExpressSignIn> {
  const { parts, close } = await openSignIn(options);
  // Hono's own Node adapter, told not to replace the process's global Request and Response: they are the host's.
  const answer = getRequestListener(parts.routes.fetch, { overrideGlobalObjects: false });

  return {
    router(request, response, next) {
      keepParsedBody(request);
      answer(request, response).catch(next);
    },

    requireUser(guard) {
      const check = new Hono<{ Bindings: GuardBindings }>().use(parts.requireUser(guard)).all('*', (c) => {
        c.env.user = c.get('user');
        return c.body(null, 204);
      });
      return function requireUser(request, response, next) {
        const bindings: GuardBindings = { incoming: request, outgoing: response };
        Promise.resolve(check.fetch(headersOnly(request), bindings))
          .then(async (answer) => {
            // A renewed session cookie (past half its life), or the clearing of a refused one.
            for (const cookie of answer.headers.getSetCookie()) response.appendHeader('Set-Cookie', cookie);
            if (bindings.user) {
              (request as IncomingMessage & { user: SignedInUser }).user = bindings.user;
              return next();
            }
            answer.headers.forEach((value, name) => {
              if (name !== 'set-cookie') response.setHeader(name, value);
            });
            response.statusCode = answer.status;
            response.end(Buffer.from(await answer.arrayBuffer()));
          })
          .catch(next);
      };
    },

    close,
  };
}

/**
 * The request as the guard reads it: method, URL and headers. The body stays in Node's stream for the route
 * (the guard never reads one).
 */
function headersOnly(request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const scheme = (request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  // Express strips the mount path from `url`; `originalUrl` keeps it.
  const path = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '/';
  return new Request(`${scheme}://${request.headers.host ?? 'localhost'}${path}`, { method: request.method, headers });
}

/**
 * After `express.json()` (or `text()`, `raw()`), Node's stream is spent and the body sits parsed on `req.body`:
 * hand it to Hono's adapter as `rawBody`, which it reads instead of the stream.
 */
function keepParsedBody(request: IncomingMessage & { body?: unknown; rawBody?: unknown }): void {
  if (request.rawBody !== undefined || !request.readableEnded || request.body === undefined) return;
  const { body } = request;
  request.rawBody = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

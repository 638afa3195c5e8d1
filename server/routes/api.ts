// /api: the site's own API, for signed-in users only.
import { Hono } from 'hono';
import { requireUser, type UserVariables } from '../middleware/require-user.ts';
import type { CookieJar } from '../session/cookies.ts';
import type { SessionCodec } from '../session/session.ts';

export function apiRoutes(sessions: SessionCodec, sessionCookie: CookieJar) {
  return new Hono<{ Variables: UserVariables }>()
    .use(requireUser(sessions, sessionCookie))
    .get('/me', (c) => c.json(c.get('user')));
}

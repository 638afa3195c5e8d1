// GET /auth/session: the signed-in user, or `null`, always with 200, so the drop-in element learns "nobody is
// signed in" on every page load without a red 401 in each visitor's console (/api/me answers 401 for that).
import type { Handler } from 'hono';
import { AuthError } from '../errors.ts';
import type { Sessions } from '../session/sessions.ts';
import { publicUser } from '../user.ts';

/** The handler, mounted by routes/auth.ts. The session is read as for /api/me: a revoked one is `null` too. */
export function sessionStatus(sessions: Sessions): Handler {
  return async function sessionStatus(c) {
    // /auth/* is no-store already (app.ts); said here too, as an answer about one person must never be cached.
    c.header('Cache-Control', 'no-store');
    try {
      return c.json(publicUser((await sessions.read(c)).user));
    } catch (error) {
      // No, an invalid, an expired or a revoked session: sessions.read has cleared its cookie.
      if (error instanceof AuthError) return c.json(null);
      throw error; // StoreUnavailableError: 503 (error-handler.ts), never "nobody" while the store cannot tell
    }
  };
}

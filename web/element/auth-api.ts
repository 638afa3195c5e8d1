// The element's calls to its auth server (docs/http-api.md), each with the cookies: only what the button
// needs, so the loader stays small (web/api.ts carries the demo page's task calls).
import { ApiError, request } from './request.ts';
import type { AuthConfig, User } from './types.ts';

export type AuthApi = ReturnType<typeof createAuthApi>;

/**
 * Calls `server` (an origin) with `credentials: 'include'`. Failures are {@link ApiError}s: status 0
 * when the server was not reached (or CORS refused the page), else the server's code and message.
 * @example const user = await createAuthApi('https://auth.example.com').getSession();
 */
export function createAuthApi(server: string) {
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const init = body
      ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }
      : {};
    return (await request(server + path, init)).json().catch(() => undefined) as T;
  };
  return {
    getConfig: () => call<AuthConfig>('/auth/config'),
    /** A fresh single-use nonce; the server binds it to a cookie that lives 10 minutes. */
    getNonce: async () => (await call<{ nonce: string }>('/auth/nonce')).nonce,
    signIn: async (idToken: string) => (await call<{ user: User }>('/auth/microsoft', { id_token: idToken })).user,
    /** The session's user, or null: GET /auth/session answers 200 either way, so no 401 shows in the console. */
    getSession: () => call<User | null>('/auth/session'),
    logout: () =>
      call<undefined>('/auth/logout', {}).catch((error: unknown) => {
        // Nobody signed in any more: what a sign-out wants.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }),
  };
}

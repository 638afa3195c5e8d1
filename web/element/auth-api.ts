// The element's calls to its auth server (README.md, "HTTP API"), each with the cookies: only what the button
// needs, so the loader stays small (web/api.ts also carries the demo page's task calls).
import { ApiError, type AuthConfig, type User } from '../api.ts';

export type AuthApi = ReturnType<typeof createAuthApi>;

const requestTimeout = 15_000; // ms

/**
 * Calls `server` (an origin) with `credentials: 'include'`. Failures are {@link ApiError}s: status 0
 * when the server was not reached (or CORS refused the page), else the server's code and message.
 * @example const me = await createAuthApi('https://auth.example.com').getMe();
 */
export function createAuthApi(server: string) {
  async function call<T>(path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(server + path, {
        method: body ? 'POST' : 'GET',
        credentials: 'include',
        headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : null,
        signal: AbortSignal.timeout(requestTimeout),
      });
    } catch (cause) {
      throw new ApiError(0, 'network_error', 'Could not reach the server.', { cause });
    }
    const data = (await response.json().catch(() => undefined)) as { error?: unknown; message?: unknown } | undefined;
    if (response.ok) return data as T;
    const { error, message } = data ?? {};
    throw new ApiError(
      response.status,
      typeof error === 'string' ? error : `http_${response.status}`,
      typeof message === 'string' ? message : `The server refused the request (HTTP ${response.status}).`,
    );
  }
  // Nobody signed in is an answer, not a failure.
  const unless401 =
    <T>(value: T) =>
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return value;
      throw error;
    };

  return {
    getConfig: () => call<AuthConfig>('/auth/config'),
    /** A fresh single-use nonce; the server binds it to a cookie that lives 10 minutes. */
    getNonce: async () => (await call<{ nonce: string }>('/auth/nonce')).nonce,
    signIn: async (idToken: string) => (await call<{ user: User }>('/auth/microsoft', { id_token: idToken })).user,
    /** The session's user, or null. */
    getMe: () => call<User>('/api/me').catch(unless401(null)),
    logout: () => call<undefined>('/auth/logout', {}).then(() => undefined, unless401(undefined)),
  };
}

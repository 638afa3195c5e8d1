import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './request.ts';
import { createAuthApi } from './auth-api.ts';

const server = 'https://auth.example.com';
const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

function answer(...responses: (Response | Error)[]) {
  const fetch = vi.fn(async () => {
    const next = responses.shift()!;
    if (next instanceof Error) throw next;
    return next;
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createAuthApi()', () => {
  it('sends the cookies with every call, and the ID token as JSON', async () => {
    const fetch = answer(json(200, { status: 'success', user: { name: 'Adele Vance' } }));
    expect(await createAuthApi(server).signIn('the-token')).toEqual({ name: 'Adele Vance' });
    expect(fetch).toHaveBeenCalledWith(
      `${server}/auth/microsoft`,
      expect.objectContaining({
        method: 'POST',
        credentials: 'include',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: '{"id_token":"the-token"}',
      }),
    );
  });

  it('reads the nonce and the settings', async () => {
    const fetch = answer(json(200, { nonce: 'n-1' }), json(200, { clientId: 'c' }));
    const api = createAuthApi(server);
    expect(await api.getNonce()).toBe('n-1');
    expect(await api.getConfig()).toEqual({ clientId: 'c' });
    expect(fetch.mock.calls.map((call) => (call as unknown[])[0])).toEqual([
      `${server}/auth/nonce`,
      `${server}/auth/config`,
    ]);
  });

  it('learns "nobody is signed in" from GET /auth/session (200 null), never from a 401 of /api/me', async () => {
    const fetch = answer(json(200, null), json(200, { name: 'Adele Vance' }));
    const api = createAuthApi(server);
    expect(await api.getSession()).toBeNull();
    expect(await api.getSession()).toEqual({ name: 'Adele Vance' });
    expect(fetch.mock.calls.map((call) => (call as unknown[])[0])).toEqual([
      `${server}/auth/session`,
      `${server}/auth/session`,
    ]);
  });

  it('takes a 401 from /auth/logout as "nobody is signed in"', async () => {
    answer(json(401, { error: 'session_missing' }), json(204));
    const api = createAuthApi(server);
    await expect(api.logout()).resolves.toBeUndefined();
    await expect(api.logout()).resolves.toBeUndefined();
  });

  it("passes on the server's error code and message", async () => {
    answer(json(401, { status: 'error', error: 'nonce_mismatch', message: 'Please sign in again.' }));
    const error = await createAuthApi(server)
      .signIn('t')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'nonce_mismatch', message: 'Please sign in again.' });
  });

  it('names the status when the answer is not ours, and status 0 when the server was not reached', async () => {
    answer(new Response('<html>Bad gateway</html>', { status: 502 }), new TypeError('Failed to fetch'));
    const api = createAuthApi(server);
    await expect(api.getSession()).rejects.toMatchObject({ status: 502, code: 'http_502' });
    await expect(api.getNonce()).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});

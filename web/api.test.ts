import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiClient } from '../test/support/api-client.ts';

import { useTestApp } from '../test/support/test-app.ts';
import { ApiError, createApi, nextPage } from './api.ts';

// The demo page's client: it follows the pages of GET /api/tasks, against the real server and odd answers.
const running = useTestApp();
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Real fetch with the session cookie added, as a browser does for `credentials: 'include'`; returns the URLs asked. */
function fetchWithCookie(cookie: string): string[] {
  const realFetch = globalThis.fetch;
  const urls: string[] = [];
  vi.stubGlobal('fetch', (input: URL, init: RequestInit) => {
    urls.push(String(input));
    return realFetch(input, { ...init, headers: { ...init.headers, Cookie: cookie } });
  });
  return urls;
}

describe('createApi().listTasks()', () => {
  it('follows Link through every page of the real server: all 230 tasks, oldest first', async () => {
    const cookie = (await running.app.signIn()).sessionCookie!;
    const call = apiClient(running.app.url);
    const created = [];
    for (let i = 0; i < 230; i++)
      created.push((await call('POST', '/api/tasks', { cookie, json: { title: `#${i}` } })).body);
    const urls = fetchWithCookie(cookie);

    expect(await createApi(running.app.url).listTasks()).toEqual(created);
    expect(urls).toEqual([
      `${running.app.url}/api/tasks`,
      `${running.app.url}/api/tasks?limit=100&after=${created[99].id}`,
      `${running.app.url}/api/tasks?limit=100&after=${created[199].id}`,
    ]);
  });

  it('stops with an error when a page links back to one already read, instead of looping', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json([], { headers: { Link: '</api/tasks?limit=1&after=1>; rel="next"' } }),
    );
    const failure = await createApi('https://auth.example.test')
      .listTasks()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'bad_response' });
  });
});

describe('nextPage()', () => {
  const requested = new URL('https://auth.example.test/api/tasks');
  const withLink = (link?: string) => new Response(null, { headers: link ? { Link: link } : {} });

  it('resolves the rel="next" target against the URL asked for', () => {
    expect(nextPage(withLink('</api/tasks?limit=5&after=9>; rel="next"'), requested)?.href).toBe(
      'https://auth.example.test/api/tasks?limit=5&after=9',
    );
    expect(nextPage(withLink('<https://auth.example.test/api/tasks?after=2>;rel=next'), requested)?.href).toBe(
      'https://auth.example.test/api/tasks?after=2',
    );
    expect(nextPage(withLink('</a>; rel="prev", </b>; rel="next"'), requested)?.pathname).toBe('/b');
  });

  it('finds none without a next link, and never follows one to another origin (the cookies would go along)', () => {
    for (const link of [undefined, '</a>; rel="prev"', '</a>; rel="nextish"', 'garbage'])
      expect(nextPage(withLink(link), requested), link).toBeUndefined();
    expect(nextPage(withLink('<https://evil.example/steal>; rel="next"'), requested)).toBeUndefined();
    expect(nextPage(withLink('<//evil.example/steal>; rel="next"'), requested)).toBeUndefined();
  });
});

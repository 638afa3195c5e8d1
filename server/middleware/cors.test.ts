import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { useTestApp } from '../../test/support/test-app.ts';

// corsForAllowedOrigins() on /api (SECURITY.md X5): only ALLOWED_ORIGINS may read responses or send credentials.
const sibling = 'https://www.example.test';
const running = useTestApp({ ALLOWED_ORIGINS: sibling });
let call: ReturnType<typeof apiClient>;
let cookie: string;
beforeAll(async () => {
  call = apiClient(running.app.url);
  cookie = (await running.app.signIn()).sessionCookie!;
});

describe('CORS preflight on /api (X5)', () => {
  const preflight = (origin: string, method = 'PATCH') =>
    fetch(`${running.app.url}/api/tasks/1`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': method,
        'Access-Control-Request-Headers': 'content-type,authorization',
      },
    });

  it('allows ALLOWED_ORIGINS with credentials and the methods and headers the API needs', async () => {
    const response = await preflight(sibling);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(sibling);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);
  });

  it('gives a foreign origin no Access-Control-Allow-Origin, and varies on Origin', async () => {
    for (const origin of ['https://evil.example', 'null', `${sibling}.evil.com`]) {
      const response = await preflight(origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('vary')).toMatch(/Origin/);
    }
    const read = await call('GET', '/api/tasks', { cookie, origin: 'https://evil.example' });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});

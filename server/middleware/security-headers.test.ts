import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';

import { useTestApp } from '../../test/support/test-app.ts';
import { securityHeaderList } from './security-headers.ts';

// The list is what Hono's secureHeaders() sent with the options the app used before it became a fixed list.
const honoHeaders = async (production: boolean) => {
  const app = new Hono().use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'https://login.microsoftonline.com'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginOpenerPolicy: false,
      referrerPolicy: 'strict-origin-when-cross-origin',
      strictTransportSecurity: production ? 'max-age=31536000; includeSubDomains' : false,
      overwrite: false,
    }),
  );
  app.get('/', (c) => c.text('ok'));
  const headers = Object.fromEntries((await app.request('/')).headers);
  delete headers['content-type'];
  return headers;
};
const listed = (production: boolean) =>
  Object.fromEntries(
    securityHeaderList({ authorityHost: 'https://login.microsoftonline.com', production }).map(([name, value]) => [
      name.toLowerCase(),
      value,
    ]),
  );

const running = useTestApp();

describe('securityHeaderList()', () => {
  it('is exactly the header set of Hono’s secureHeaders() with the app’s options, in development and production', async () => {
    expect(listed(false)).toEqual(await honoHeaders(false));
    expect(listed(true)).toEqual(await honoHeaders(true));
  });
});

describe('responseHeaders() on a real server', () => {
  it('sends every security header, the request id and no-store on the wire', async () => {
    const response = await fetch(`${running.app.url}/api/me`);
    expect(response.status).toBe(401);
    for (const [name, value] of securityHeaderList(running.app.config)) expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('keeps the content type of the route, and a proxy’s X-Request-Id only when it is a short token', async () => {
    const health = await fetch(`${running.app.url}/healthz`);
    expect(health.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(health.headers.get('content-type')).toBe('application/json');
    const kept = await fetch(`${running.app.url}/healthz`, { headers: { 'X-Request-Id': 'proxy-1=a_b' } });
    expect(kept.headers.get('x-request-id')).toBe('proxy-1=a_b');
    const replaced = await fetch(`${running.app.url}/healthz`, { headers: { 'X-Request-Id': 'a b' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('a b');
  });
});

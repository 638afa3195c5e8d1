// Peer for `npm run bench`: the same routes as a minimal Hono + jose app (no logs, metrics, store or CSRF).
import { type HttpBindings, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createRemoteJWKSet, jwtVerify, SignJWT } from 'jose';
import { securityHeaderList } from '../../server/middleware/security-headers.ts';

const { JWKS_URL = '', ISSUER = '', AUDIENCE = '', SESSION_SECRET = '', PORT = '0' } = process.env;
const jwks = createRemoteJWKSet(new URL(JWKS_URL));
const secret = new TextEncoder().encode(SESSION_SECRET);

const app = new Hono<{ Bindings: HttpBindings }>();
app.get('/healthz', (c) => c.json({ status: 'ok' }));
// A reference, not a peer route: the bare route plus the bytes the product adds to every response (its security
// headers and a request id), to tell what the headers cost on the wire from what the product's code costs.
const headers = securityHeaderList({ authorityHost: 'https://login.microsoftonline.com', production: true });
app.get('/healthz-with-headers', (c) => {
  for (const [name, value] of headers) c.env.outgoing.setHeader(name, value);
  c.env.outgoing.setHeader('X-Request-Id', crypto.randomUUID());
  return c.json({ status: 'ok' });
});
app.get('/api/me', async (c) => {
  const token = getCookie(c, 'session');
  if (!token) return c.json({ error: 'unauthorized' }, 401);
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
    return c.json({ id: payload.sub, name: payload.name });
  } catch {
    return c.json({ error: 'unauthorized' }, 401);
  }
});
app.post('/auth/microsoft', async (c) => {
  const { id_token: idToken } = await c.req.json<{ id_token: string }>();
  try {
    const { payload } = await jwtVerify(idToken, jwks, { algorithms: ['RS256'], issuer: ISSUER, audience: AUDIENCE });
    const session = await new SignJWT({ name: payload.name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(payload.oid))
      .setExpirationTime('1h')
      .sign(secret);
    setCookie(c, 'session', session, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return c.json({ status: 'success' });
  } catch {
    return c.json({ error: 'unauthorized' }, 401);
  }
});
serve({ fetch: app.fetch, port: Number(PORT), hostname: '127.0.0.1' });
process.on('SIGTERM', () => process.exit(0)); // exits cleanly, so that `node --cpu-prof` writes its profile

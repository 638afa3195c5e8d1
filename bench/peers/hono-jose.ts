// Peer for `npm run bench`: the same routes as a minimal Hono + jose app (no logs, metrics, store or CSRF).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createRemoteJWKSet, jwtVerify, SignJWT } from 'jose';

const { JWKS_URL = '', ISSUER = '', AUDIENCE = '', SESSION_SECRET = '', PORT = '0' } = process.env;
const jwks = createRemoteJWKSet(new URL(JWKS_URL));
const secret = new TextEncoder().encode(SESSION_SECRET);

const app = new Hono();
app.get('/healthz', (c) => c.json({ status: 'ok' }));
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

// Peer for `npm run bench`: the same routes the usual Express way (Express 5, jsonwebtoken, jwks-rsa).
import express from 'express';
import jwt from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';

const { JWKS_URL = '', ISSUER = '', AUDIENCE = '', SESSION_SECRET = '', PORT = '0' } = process.env;
const keys = jwksRsa({ jwksUri: JWKS_URL, cache: true, rateLimit: true });
const signingKey = (header: jwt.JwtHeader, done: jwt.SigningKeyCallback) =>
  void keys.getSigningKey(header.kid).then((key) => done(null, key.getPublicKey()), done);
const cookieOf = (header: string | undefined, name: string) =>
  header
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([key]) => key === name)?.[1];

const app = express();
app.use(express.json());
app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
app.get('/api/me', (req, res) => {
  const token = cookieOf(req.headers.cookie, 'session');
  if (!token) return void res.status(401).json({ error: 'unauthorized' });
  try {
    const payload = jwt.verify(token, SESSION_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    res.json({ id: payload.sub, name: payload.name });
  } catch {
    res.status(401).json({ error: 'unauthorized' });
  }
});
app.post('/auth/microsoft', (req, res) => {
  const options = { algorithms: ['RS256' as const], issuer: ISSUER, audience: AUDIENCE };
  jwt.verify(String(req.body?.id_token), signingKey, options, (error, decoded) => {
    if (error) return void res.status(401).json({ error: 'unauthorized' });
    const claims = decoded as jwt.JwtPayload;
    const session = jwt.sign({ name: claims.name }, SESSION_SECRET, { subject: String(claims.oid), expiresIn: '1h' });
    res.cookie('session', session, { httpOnly: true, sameSite: 'lax', path: '/' }).json({ status: 'success' });
  });
});
app.listen(Number(PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0)); // exits cleanly, so that `node --cpu-prof` writes its profile

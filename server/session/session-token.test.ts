import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { clientId } from '../../test/support/entra-signer.ts';
import { setCookies } from '../../test/support/http.ts';
import { sessionSecret, startTestApp, useTestApp } from '../../test/support/test-app.ts';
import { createSessionTokenCodec } from './session-token.ts';

// Session cookie attacks (SECURITY.md S2–S8) through GET /api/me.
const running = useTestApp();

const me = (cookie: string, init: RequestInit = {}) =>
  fetch(`${running.app.url}/api/me`, { ...init, headers: { Cookie: cookie, ...init.headers } });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const sessionClaims = () => ({
  iss: 'ms-signin/session',
  sub: String(running.signer.idTokenClaims().oid),
  tid: 'x',
  name: 'n',
  email: '',
  roles: [],
  sid: 'a-session-id-the-server-never-issued',
  iat: now(),
  exp: now() + 600,
});
const signHs = (claims: object, secret: string, alg = 'HS256') =>
  new SignJWT({ ...claims }).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));

async function expect401(response: Response, code?: string) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  if (code) expect(((await response.json()) as { error: string }).error).toBe(code);
}

describe('the session cookie', () => {
  it('is required (no cookie: 401 session_missing)', async () => {
    const response = await fetch(`${running.app.url}/api/me`);
    await expect401(response, 'session_missing');
    expect(response.headers.get('set-cookie')).toBeNull(); // no cookie sent, none to clear
  });

  it('refuses tampered claims with the signature kept (S2)', async () => {
    const { sessionCookie } = await running.app.signIn();
    const [header, payload, signature] = sessionCookie!.split('=')[1]!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${b64({ ...claims, roles: ['Admin'] })}.${signature}`;
    await expect401(await me(`ms-session=${forged}`), 'session_invalid');
  });

  it('refuses alg none, other HMAC sizes and an RS256 token with its own jwk (S3)', async () => {
    await expect401(await me(`ms-session=${b64({ alg: 'none' })}.${b64(sessionClaims())}.`));
    for (const alg of ['HS384', 'HS512'])
      await expect401(await me(`ms-session=${await signHs(sessionClaims(), sessionSecret, alg)}`));
    const rs = await running.signer.sign(sessionClaims(), { header: { jwk: running.signer.primary.publicJwk } });
    await expect401(await me(`ms-session=${rs}`));
  });

  it('refuses sessions signed with guessable secrets (S4)', async () => {
    for (const secret of ['', 'secret', clientId]) {
      const token = secret
        ? await signHs(sessionClaims(), secret)
        : `${b64({ alg: 'HS256' })}.${b64(sessionClaims())}.`;
      await expect401(await me(`ms-session=${token}`));
    }
  });

  it('refuses an expired session, one with no exp and one with no sid, and clears the cookie (S5)', async () => {
    const expired = await signHs({ ...sessionClaims(), iat: now() - 7200, exp: now() - 60 }, sessionSecret);
    const response = await me(`ms-session=${expired}`);
    await expect401(response, 'session_expired');
    expect(setCookies(response).get('ms-session')?.header).toMatch(/Max-Age=0/);
    const { exp: _exp, ...noExp } = sessionClaims();
    await expect401(await me(`ms-session=${await signHs(noExp, sessionSecret)}`), 'session_invalid');
    const { sid: _sid, ...noSid } = sessionClaims();
    await expect401(await me(`ms-session=${await signHs(noSid, sessionSecret)}`), 'session_invalid');
  });

  it('refuses an Entra ID token as a session (S6)', async () => {
    await expect401(await me(`ms-session=${await running.signer.sign(running.signer.idTokenClaims())}`));
  });

  it('is not bypassed by two cookies, an 8 KB cookie, or a token in the query string (S8)', async () => {
    const { sessionCookie } = await running.app.signIn();
    const token = sessionCookie!.split('=')[1]!;
    expect((await me(`ms-session=forged; ${sessionCookie}`)).status).toBe(401);
    await expect401(await me(`ms-session=${'a'.repeat(8 * 1024)}`));
    await expect401(await fetch(`${running.app.url}/api/me?ms-session=${token}&session=${token}`));
  });

  it('verifies with every secret of the rotation list, signs with the first (rotation)', async () => {
    const { sessionCookie } = await running.app.signIn();
    // The same database, so the same session records: only the secrets change.
    const DATABASE_PATH = running.app.config.databasePath;
    const rotated = await startTestApp(running.signer, {
      SESSION_SECRET: `a-brand-new-session-secret-32-bytes-long,${sessionSecret}`,
      DATABASE_PATH,
    });
    expect((await fetch(`${rotated.url}/api/me`, { headers: { Cookie: sessionCookie! } })).status).toBe(200);
    await rotated.close();
    // Once the old secret leaves the list, its sessions end (S3: an old secret after rotation).
    const retired = await startTestApp(running.signer, {
      SESSION_SECRET: 'a-brand-new-session-secret-32-bytes-long',
      DATABASE_PATH,
    });
    expect((await fetch(`${retired.url}/api/me`, { headers: { Cookie: sessionCookie! } })).status).toBe(401);
    await retired.close();
  });
});

describe('createSessionTokenCodec()', () => {
  it('carries the user (tenant and id only) and the session id, and expires at the time given', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const codec = await createSessionTokenCodec([sessionSecret]);
      const user = { id: 'u', tenantId: 't', name: 'n', email: 'e', roles: ['Admin'] };
      const token = await codec.create(user, 'the-sid', now() + 60);
      expect(await codec.read(token)).toEqual({
        user: { id: 'u', tenantId: 't' },
        sid: 'the-sid',
        issuedAt: now(),
        expiresAt: now() + 60,
      });
      expect(Object.keys(decodeJwt(token)).sort()).toEqual(['exp', 'iat', 'iss', 'sid', 'sub', 'tid']);
      // A token signed before the profile moved to the session record: read with its profile.
      const profile = { name: 'n', email: 'e', roles: ['Admin'] };
      const legacy = await codec.create(user, 'the-sid', now() + 60, profile);
      await expect(codec.read(legacy)).resolves.toMatchObject({ user: { id: 'u', tenantId: 't' }, profile });
      vi.setSystemTime(Date.now() + 61_000);
      await expect(codec.read(token)).rejects.toMatchObject({ code: 'session_expired' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a token from another issuer, one not valid yet (nbf), and claims of the wrong type', async () => {
    const codec = await createSessionTokenCodec([sessionSecret]);
    const claims = { ...sessionClaims(), tid: 't' };
    await expect(codec.read(await signHs(claims, sessionSecret))).resolves.toMatchObject({ sid: claims.sid });
    for (const changed of [
      { iss: 'someone-else' },
      { nbf: now() + 60 },
      { exp: String(now() + 600) },
      { iat: undefined },
      { sid: 42 },
      { tid: undefined },
    ]) {
      await expect(codec.read(await signHs({ ...claims, ...changed }, sessionSecret))).rejects.toMatchObject({
        code: 'session_invalid',
      });
    }
  });
});

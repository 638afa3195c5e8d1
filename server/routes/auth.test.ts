import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { exportSPKI, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { maxOutstandingNonces, nonceLifetime } from '../session/nonce.ts';
import {
  clientId,
  createSigningKey,
  type EntraSigner,
  otherTenantId,
  startEntraSigner,
  tenantId,
} from '../../test/support/entra-signer.ts';
import { nonceCookieOf, serveOnEphemeralPort, setCookies } from '../../test/support/http.ts';
import { sessionSecret, startTestApp, type TestApp } from '../../test/support/test-app.ts';

let signer: EntraSigner;
let app: TestApp;

beforeAll(async () => {
  signer = await startEntraSigner();
  app = await startTestApp(signer);
});
afterAll(async () => {
  await app.close();
  await signer.close();
});

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Posts `token` with a fresh, correctly bound nonce cookie; `claims` get that nonce unless overridden. */
async function postWithNonce(makeToken: (nonce: string) => string | Promise<string>) {
  const { nonce, cookie } = await app.getNonce();
  return app.postIdToken({ id_token: await makeToken(nonce) }, { Cookie: cookie });
}

async function expectRejected(response: Response, code?: string) {
  expect(response.status).toBe(401);
  expect(setCookies(response).has('ms-session')).toBe(false);
  const body = (await response.json()) as { status: string; error: string; message: string };
  expect(body.status).toBe('error');
  if (code) expect(body.error).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(/eyJ/); // never a token echoed
  return body;
}

describe('POST /auth/microsoft with a valid ID token', () => {
  it('answers the user and sets an HttpOnly, SameSite=Lax session cookie with a Max-Age', async () => {
    const { response } = await app.signIn({ roles: ['Admin'] });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      status: 'success',
      user: {
        id: signer.idTokenClaims().oid,
        tenantId,
        name: 'Test User',
        email: 'test.user@example.test',
        roles: ['Admin'],
      },
    });
    const session = setCookies(response).get('ms-session');
    // The JWT and its cookie live for the idle timeout, renewed while the user is active (sessions.test.ts).
    expect(session?.header).toMatch(/; Max-Age=3600/);
    expect(session?.header).toMatch(/; Path=\//);
    expect(session?.header).toMatch(/; HttpOnly/);
    expect(session?.header).toMatch(/; SameSite=Lax/);
    expect(session?.header).not.toMatch(/Domain=/i);
    expect(session!.header.length).toBeLessThan(4096);
  });

  it('clears the nonce cookie, so the nonce serves one sign-in', async () => {
    const { nonce, cookie } = await app.getNonce();
    const token = await signer.sign(signer.idTokenClaims({ nonce }));
    const first = await app.postIdToken({ id_token: token }, { Cookie: cookie });
    expect(first.status).toBe(200);
    expect(nonceCookieOf(first)?.header).toMatch(/Max-Age=0/);
    expect(nonceCookieOf(first)?.name).toBe(cookie.split('=')[0]);
  });

  it('refuses the same token with the same nonce cookie again: 401 nonce_used, no session', async () => {
    const { nonce, cookie } = await app.getNonce();
    const token = await signer.sign(signer.idTokenClaims({ nonce }));
    expect((await app.postIdToken({ id_token: token }, { Cookie: cookie })).status).toBe(200);
    const replay = await app.postIdToken({ id_token: token }, { Cookie: cookie });
    await expectRejected(replay, 'nonce_used');
  });

  it('keeps the user signed in: /api/me answers with the session cookie', async () => {
    const { sessionCookie } = await app.signIn();
    const me = await fetch(`${app.url}/api/me`, { headers: { Cookie: sessionCookie! } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: signer.idTokenClaims().oid, tenantId, name: 'Test User' });
  });

  it('issues a new session value even when one was preset (no session fixation)', async () => {
    const preset = 'ms-session=attacker-chosen-value';
    const { nonce, cookie } = await app.getNonce();
    const token = await signer.sign(signer.idTokenClaims({ nonce }));
    const response = await app.postIdToken({ id_token: token }, { Cookie: `${cookie}; ${preset}` });
    expect(response.status).toBe(200);
    expect(setCookies(response).get('ms-session')?.value).not.toBe('attacker-chosen-value');
  });

  it('accepts exp and nbf within the 5 minute clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await postWithNonce((nonce) =>
      signer.sign(signer.idTokenClaims({ nonce, exp: now - 240, nbf: now + 240, iat: now - 3600 })),
    );
    expect(response.status).toBe(200);
  });
});

describe('POST /auth/microsoft refuses forged tokens (SECURITY.md F1–F9)', () => {
  it('refuses alg none in any spelling (F1)', async () => {
    for (const alg of ['none', 'None', 'NONE']) {
      for (const signature of ['', 'e30']) {
        const response = await postWithNonce(
          (nonce) =>
            `${b64({ alg, typ: 'JWT', kid: 'test-key-1' })}.${b64(signer.idTokenClaims({ nonce }))}.${signature}`,
        );
        await expectRejected(response);
      }
    }
  });

  it('refuses HS256 keyed with the public key as PEM, DER or JWK (F2)', async () => {
    const pem = await exportSPKI(
      await crypto.subtle.importKey(
        'jwk',
        signer.primary.publicJwk,
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        true,
        ['verify'],
      ),
    );
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    for (const secret of [pem, `${pem}\n`, der, JSON.stringify(signer.primary.publicJwk)]) {
      const response = await postWithNonce((nonce) => {
        const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'test-key-1' })}.${b64(signer.idTokenClaims({ nonce }))}`;
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      });
      await expectRejected(response);
    }
  });

  it('refuses a token signed by a foreign key under a real kid (F3)', async () => {
    const attacker = await createSigningKey('test-key-1');
    await expectRejected(
      await postWithNonce((nonce) => signer.sign(signer.idTokenClaims({ nonce }), { key: attacker })),
    );
  });

  it('refuses an embedded jwk, also with a huge modulus (F4)', async () => {
    const attacker = await createSigningKey('test-key-1');
    const huge = { ...attacker.publicJwk, n: 'A'.repeat(20_000) };
    const withJwk = (jwk: object) =>
      postWithNonce((nonce) => signer.sign(signer.idTokenClaims({ nonce }), { key: attacker, header: { jwk } }));
    // Refused by the header check, before any key is imported: no CPU spent on the attacker's key.
    const body = await expectRejected(await withJwk(attacker.publicJwk), 'id_token_invalid');
    expect(body.message).toBe('The token’s signature algorithm or key is not accepted.');
    // A huge modulus makes the token too long to even parse.
    await expectRejected(await withJwk(huge), 'id_token_malformed');
  });

  it('refuses jku, x5u and x5c, and never fetches the URL they name (F5)', async () => {
    let requests = 0;
    const evil = await serveOnEphemeralPort(() => {
      requests += 1;
      return Response.json({ keys: [] });
    });
    const attacker = await createSigningKey('evil');
    for (const header of [{ jku: `${evil.url}/jwks` }, { x5u: `${evil.url}/cert` }, { x5c: ['MIIB'] }]) {
      await expectRejected(
        await postWithNonce((nonce) => signer.sign(signer.idTokenClaims({ nonce }), { key: attacker, header })),
      );
    }
    expect(requests).toBe(0);
    await evil.close();
  });

  it('refuses injected kids without a 500 (F6)', async () => {
    for (const kid of ['../../dev/null', 'a"b', 'a\r\nb', 'x'.repeat(10_000), 42, ['test-key-1']]) {
      const response = await postWithNonce((nonce) =>
        signer.sign(signer.idTokenClaims({ nonce }), { header: { kid } }),
      );
      expect(response.status).not.toBe(500);
      await expectRejected(response);
    }
  });

  it('refuses every algorithm but RS256 (F7)', async () => {
    for (const alg of ['PS256', 'ES256', 'EdDSA', 'rs256', 'RS512']) {
      const response = await postWithNonce(
        (nonce) =>
          `${b64({ alg, typ: 'JWT', kid: 'test-key-1' })}.${b64(signer.idTokenClaims({ nonce }))}.${b64('x'.repeat(64))}`,
      );
      await expectRejected(response);
    }
    // CVE-2022-21449: an ES256 signature of all zeros
    const zeros = Buffer.alloc(64).toString('base64url');
    await expectRejected(
      await postWithNonce(
        (nonce) => `${b64({ alg: 'ES256', kid: 'test-key-1' })}.${b64(signer.idTokenClaims({ nonce }))}.${zeros}`,
      ),
    );
  });

  it('refuses structural tampering (F8)', async () => {
    const variants: Array<(token: string, nonce: string) => string> = [
      (t) => t.slice(0, -2) + (t.at(-2) === 'A' ? 'B' : 'A') + t.at(-1), // flipped signature bits
      (t) => `${t.split('.').slice(0, 2).join('.')}.`, // h.p.
      (t, nonce) => {
        const [h, , s] = t.split('.');
        return `${h}.${b64(signer.idTokenClaims({ nonce, name: 'Admin' }))}.${s}`;
      },
      (t) => `${t}.${t.split('.')[2]}`, // four segments
      (t) => {
        const [protectedHeader, payload, signature] = t.split('.');
        return JSON.stringify({ protected: protectedHeader, payload, signature });
      },
      () => 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d', // JWE
    ];
    for (const tamper of variants) {
      const response = await postWithNonce(async (nonce) =>
        tamper(await signer.sign(signer.idTokenClaims({ nonce })), nonce),
      );
      await expectRejected(response);
    }
    for (const header of [{ crit: ['exp'] }, { crit: ['b64'], b64: false }, { b64: false }]) {
      await expectRejected(await postWithNonce((nonce) => signer.signRaw(header, signer.idTokenClaims({ nonce }))));
    }
  });

  it('refuses our own session JWT and access tokens as ID tokens (F9)', async () => {
    const { sessionCookie } = await app.signIn();
    await expectRejected(await postWithNonce(() => sessionCookie!.split('=')[1]!));
    const asAccessToken = { aud: `api://${clientId}`, scp: 'access_as_user' };
    await expectRejected(
      await postWithNonce((nonce) => signer.sign(signer.idTokenClaims({ nonce, ...asAccessToken }))),
    );
    // An access token whose audience is the client id itself still carries scp and no ID-token shape.
    await expectRejected(
      await postWithNonce((nonce) => signer.sign(signer.idTokenClaims({ nonce, scp: 'access_as_user' }))),
      'id_token_invalid',
    );
    const sessionLike = await new SignJWT(signer.idTokenClaims())
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(sessionSecret));
    await expectRejected(await app.postIdToken({ id_token: sessionLike }));
  });
});

describe('POST /auth/microsoft checks every claim (SECURITY.md C1–C8)', () => {
  const rejectsClaims = async (claims: JWTPayload, code?: string) =>
    expectRejected(
      await postWithNonce((nonce) => signer.sign({ ...signer.idTokenClaims({ nonce }), ...claims })),
      code,
    );

  it('refuses a wrong issuer (C1)', async () => {
    const host = signer.authority;
    for (const iss of [
      `${host}/${otherTenantId}/v2.0`,
      `https://sts.windows.net/${tenantId}/`,
      `${host}/${tenantId}/v2.0/`,
      `${host.toUpperCase()}/${tenantId}/v2.0`,
      `${host.replace('http:', 'https:')}/${tenantId}/v2.0`,
      `${host}/{tenantid}/v2.0`,
      `${host}/common/v2.0`,
    ]) {
      await rejectsClaims({ iss }, 'issuer_invalid');
    }
    await rejectsClaims({ iss: undefined });
  });

  it('refuses a token of another tenant in a single-tenant app (C4)', async () => {
    await rejectsClaims({ iss: `${signer.authority}/${otherTenantId}/v2.0`, tid: otherTenantId }, 'tenant_not_allowed');
  });

  it('refuses a wrong audience in every shape (C5)', async () => {
    for (const aud of [
      'another-app',
      undefined,
      `api://${clientId}`,
      [clientId, 'x'],
      [clientId],
      [123],
      { clientId },
      `${clientId} `,
    ]) {
      await rejectsClaims({ aud: aud as string }, 'audience_invalid');
    }
  });

  it('refuses bad times beyond the skew (C6)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await rejectsClaims({ exp: now - 301 }, 'id_token_expired');
    await rejectsClaims({ nbf: now + 400 });
    for (const exp of [undefined, String(now + 600), null, -1, 10 ** 12]) await rejectsClaims({ exp: exp as number });
  });

  it('refuses a token with no oid, or an oid that is not a GUID (C7)', async () => {
    await rejectsClaims({ oid: undefined });
    await rejectsClaims({ oid: 'not-a-guid' });
  });

  it('refuses a v1 ID token', async () => {
    await rejectsClaims({ ver: '1.0' }, 'id_token_invalid');
  });

  it('refuses payloads that are not objects, never with a 500 (C8)', async () => {
    const header = b64({ alg: 'RS256', typ: 'JWT', kid: 'test-key-1' });
    for (const payload of ['null', '[]', '"x"', '\xff\xfe']) {
      const input = `${header}.${Buffer.from(payload, 'latin1').toString('base64url')}`;
      const signature = await signer.sign({}).then(() => 'AAAA');
      await expectRejected(await postWithNonce(() => `${input}.${signature}`));
    }
  });
});

describe('POST /auth/microsoft binds the token to the nonce cookie (SECURITY.md N1–N6)', () => {
  it('sets a fresh, short-lived, HttpOnly nonce cookie with no-store (N1)', async () => {
    const first = await app.getNonce();
    const second = await app.getNonce();
    expect(first.nonce).not.toBe(second.nonce);
    expect(first.response.headers.get('cache-control')).toBe('no-store');
    const header = nonceCookieOf(first.response)?.header ?? '';
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(Number(/Max-Age=(\d+)/.exec(header)?.[1])).toBeLessThanOrEqual(600);
    // What the browser sends to Microsoft is a hash, not the cookie's value.
    expect(first.cookie).not.toContain(first.nonce);
  });

  it('keeps one nonce per sign-in in progress: the earlier of two tabs still signs in', async () => {
    const first = await app.getNonce();
    const second = await app.getNonce();
    const both = `${first.cookie}; ${second.cookie}`;
    const response = await app.postIdToken(
      { id_token: await signer.sign(signer.idTokenClaims({ nonce: first.nonce })) },
      { Cookie: both },
    );
    expect(response.status).toBe(200);
    // Only the first tab's cookie is spent; the second tab can still finish its own sign-in.
    expect(nonceCookieOf(response)?.name).toBe(first.cookie.split('=')[0]);
    const later = await app.postIdToken(
      { id_token: await signer.sign(signer.idTokenClaims({ nonce: second.nonce })) },
      { Cookie: second.cookie },
    );
    expect(later.status).toBe(200);
  });

  it(`holds at most ${maxOutstandingNonces} nonces: a new one replaces the oldest`, async () => {
    const held: string[] = [];
    for (let i = 0; i < maxOutstandingNonces; i += 1) held.push((await app.getNonce()).cookie);
    const response = await fetch(`${app.url}/auth/nonce`, { headers: { Cookie: held.join('; ') } });
    const cookies = [...setCookies(response)];
    const cleared = cookies.filter(([, { header }]) => /Max-Age=0/.test(header)).map(([name]) => name);
    expect(cleared).toEqual([held[0]!.split('=')[0]]);
    expect(cookies.filter(([, { value }]) => value !== '')).toHaveLength(1);
  });

  it('refuses a nonce cookie older than 10 minutes, even if the browser kept it (nonce_missing)', async () => {
    const { nonce, cookie } = await app.getNonce();
    const token = await signer.sign(signer.idTokenClaims({ nonce, iat: Math.floor(Date.now() / 1000) + 660 }));
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (nonceLifetime + 60) * 1000 });
    try {
      await expectRejected(await app.postIdToken({ id_token: token }, { Cookie: cookie }), 'nonce_missing');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a token without the nonce cookie (N2)', async () => {
    const { nonce } = await app.getNonce();
    const response = await app.postIdToken({ id_token: await signer.sign(signer.idTokenClaims({ nonce })) });
    await expectRejected(response, 'nonce_missing');
  });

  it('refuses a missing, wrong or non-string nonce claim (N3)', async () => {
    for (const nonce of [undefined, 'wrong', ['x']]) {
      await expectRejected(await postWithNonce(() => signer.sign(signer.idTokenClaims({ nonce: nonce as string }))));
    }
  });

  it("refuses a victim's token replayed with the attacker's own nonce cookie (N4)", async () => {
    const victim = await app.getNonce();
    const stolen = await signer.sign(signer.idTokenClaims({ nonce: victim.nonce }));
    const attacker = await app.getNonce();
    await expectRejected(await app.postIdToken({ id_token: stolen }, { Cookie: attacker.cookie }), 'nonce_mismatch');
  });

  it('refuses a sign-in from another origin or a form post (N5, login CSRF)', async () => {
    const { nonce, cookie } = await app.getNonce();
    const body = { id_token: await signer.sign(signer.idTokenClaims({ nonce })) };
    const attempts: Array<Record<string, string>> = [
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'cross-site' },
      {},
    ];
    for (const headers of attempts) {
      const response = await fetch(`${app.url}/auth/microsoft`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(403);
      expect(setCookies(response).has('ms-session')).toBe(false);
    }
    const form = await app.postIdToken(`id_token=${body.id_token}`, { Cookie: cookie, 'Content-Type': 'text/plain' });
    expect(form.status).toBe(415);
  });
});

describe('POST /auth/microsoft with ENTRA_REQUIRE_NONCE=false', () => {
  let lenient: TestApp;
  beforeAll(async () => {
    lenient = await startTestApp(signer, { ENTRA_REQUIRE_NONCE: 'false' });
  });
  afterAll(() => lenient.close());

  it('accepts a token without a nonce claim, with or without a nonce cookie', async () => {
    const token = await signer.sign(signer.idTokenClaims());
    expect((await lenient.postIdToken({ id_token: token })).status).toBe(200);
    const { cookie } = await lenient.getNonce();
    expect((await lenient.postIdToken({ id_token: token }, { Cookie: cookie })).status).toBe(200);
  });

  it('still binds a token that carries a nonce to its cookie (N2, N4), and redeems it once', async () => {
    const { nonce, cookie } = await lenient.getNonce();
    const token = await signer.sign(signer.idTokenClaims({ nonce }));
    await expectRejected(await lenient.postIdToken({ id_token: token }), 'nonce_missing');
    const attacker = await lenient.getNonce();
    await expectRejected(await lenient.postIdToken({ id_token: token }, { Cookie: attacker.cookie }), 'nonce_mismatch');
    expect((await lenient.postIdToken({ id_token: token }, { Cookie: cookie })).status).toBe(200);
    await expectRejected(await lenient.postIdToken({ id_token: token }, { Cookie: cookie }), 'nonce_used');
    await expectRejected(await lenient.postIdToken({ id_token: token }), 'nonce_missing');
  });

  it('never takes an app-only token for an ID token, even one with aud = the client id and an app role', async () => {
    // What a daemon gets with client credentials: no user, no nonce, the app's own object id as oid and sub.
    const servicePrincipal = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    const appOnly = {
      idtyp: 'app',
      azp: 'f0e1d2c3-b4a5-4968-8776-655443322110',
      azpacr: '1',
      oid: servicePrincipal,
      sub: servicePrincipal,
      roles: ['Admin'],
      name: undefined,
      email: undefined,
      preferred_username: undefined,
    };
    const variants = [
      appOnly,
      { ...appOnly, idtyp: undefined }, // idtyp is an optional claim: the azp of another client tells
      { ...appOnly, idtyp: undefined, azp: clientId }, // the app asking for itself: sub = oid tells
      { idtyp: 'app' },
      { sub: undefined },
      { sub: '' },
    ];
    for (const claims of variants) {
      const response = await lenient.postIdToken({ id_token: await signer.sign(signer.idTokenClaims(claims)) });
      await expectRejected(response, 'id_token_invalid');
    }
    // With the nonce required, too.
    await expectRejected(await postWithNonce((nonce) => signer.sign(signer.idTokenClaims({ ...appOnly, nonce }))));
  });
});

describe('POST /auth/microsoft refuses malformed and oversized bodies (SECURITY.md M1–M3)', () => {
  it('answers 400 for bodies that are not {"id_token": "<string>"} (M1)', async () => {
    for (const body of [
      '{',
      '[]',
      'null',
      '{"id_token":42}',
      '{"id_token":null}',
      '{"id_token":[]}',
      '{"id_token":{}}',
      '{"id_token":""}',
      '{}',
    ]) {
      const response = await app.postIdToken(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ status: 'error', error: 'invalid_body' });
    }
  });

  it('answers 415 for a body that is not JSON (M1)', async () => {
    const response = await app.postIdToken('{"id_token":"x"}', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
  });

  it('refuses tokens that are not compact JWS before any crypto (M2)', async () => {
    for (const token of ['a.b', 'a.b.c.d', 'a=.b.c', 'a+/.b.c', ' a.b.c', 'ä.b.c']) {
      await expectRejected(await app.postIdToken({ id_token: token }), 'id_token_malformed');
    }
  });

  it('answers 413 for oversized bodies, with or without a length (M3)', async () => {
    const big = await app.postIdToken({ id_token: 'a'.repeat(300 * 1024) });
    expect(big.status).toBe(413);
    const huge = await app.postIdToken(JSON.stringify({ id_token: 'a'.repeat(10 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    // Chunked, no Content-Length: 100 000 nested arrays.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(`${app.url}/auth/microsoft`, {
        method: 'POST',
        headers: { Origin: app.url, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      });
      request.on('response', (response) => resolve(response.statusCode)).on('error', reject);
      for (let i = 0; i < 100; i += 1) request.write('['.repeat(1000));
      request.end();
    });
    expect(status).toBe(413);
  });
});

describe('POST /auth/microsoft limits attempts per address (SECURITY.md R1–R2)', () => {
  it('answers 429 with Retry-After after the budget, same body shape for every failure', async () => {
    const limited = await startTestApp(signer, {}, { rateLimits: { signIn: 3, nonce: 100 } });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i += 1) {
      last = await limited.postIdToken({ id_token: 'a.b.c' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Object.keys((await last!.json()) as object).sort()).toEqual(['error', 'message', 'status']);
    await limited.close();
  });
});

describe('GET /auth/nonce limits requests per address (SECURITY.md R1)', () => {
  it('answers 429 once the budget is spent', async () => {
    const limited = await startTestApp(signer, {}, { rateLimits: { signIn: 100, nonce: 5 } });
    const statuses = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await fetch(`${limited.url}/auth/nonce`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    await limited.close();
  });
});

describe('POST /auth/logout', () => {
  it("answers 204 and clears the session cookie, and only it (not the site's other cookies)", async () => {
    const { sessionCookie } = await app.signIn();
    const response = await fetch(`${app.url}/auth/logout`, {
      method: 'POST',
      headers: { Origin: app.url, Cookie: sessionCookie! },
    });
    expect(response.status).toBe(204);
    expect(setCookies(response).get('ms-session')?.header).toMatch(/Max-Age=0/);
    expect(response.headers.get('clear-site-data')).toBeNull();
  });

  it('refuses a cross-site logout (X7)', async () => {
    const response = await fetch(`${app.url}/auth/logout`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
    expect(setCookies(response).size).toBe(0);
  });
});

describe('production cookies', () => {
  it('uses __Host- names with Secure', async () => {
    const production = await startTestApp(signer, {
      NODE_ENV: 'production',
      ENTRA_AUTHORITY_HOST: 'https://login.microsoftonline.com',
    });
    const { response } = await production.getNonce();
    expect(nonceCookieOf(response)?.name).toMatch(/^__Host-ms-nonce-[0-9a-f]{8}$/);
    expect(nonceCookieOf(response)?.header).toMatch(/; Secure/);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    await production.close();
  });
});

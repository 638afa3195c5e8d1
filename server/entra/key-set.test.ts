import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSigningKey, type EntraSigner, startEntraSigner } from '../../test/support/entra-signer.ts';
import { setCookies } from '../../test/support/http.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';

// Key set faults (SECURITY.md K1–K6), through the real sign-in endpoint against a JWKS server we control.
let signer: EntraSigner;
let app: TestApp;

async function signInStatus(options: Parameters<EntraSigner['sign']>[1] = {}) {
  const { nonce, cookie } = await app.getNonce();
  const response = await app.postIdToken(
    { id_token: await signer.sign(signer.idTokenClaims({ nonce }), options) },
    { Cookie: cookie },
  );
  return { status: response.status, body: (await response.json()) as { error: string; message: string }, response };
}

beforeEach(async () => {
  signer = await startEntraSigner();
  app = await startTestApp(signer, {}, { keySet: { timeout: 1_000, cooldown: 30_000 } });
});
afterEach(async () => {
  await app.close();
  await signer.close();
});

describe('the key set', () => {
  it('is fetched once and reused, not per request', async () => {
    for (let i = 0; i < 5; i += 1) expect((await signInStatus()).status).toBe(200);
    expect(signer.state.jwksRequests).toBe(1);
  });

  it('answers 503 with a code when the JWKS is down and the cache empty, and 200 once it is back (K1)', async () => {
    signer.state.mode = { kind: 'down' };
    const down = await signInStatus();
    expect(down.status).toBe(503);
    expect(down.body.error).toBe('idp_unavailable');
    expect(JSON.stringify(down.body)).not.toMatch(/at |stack/i);
    expect(setCookies(down.response).has('ms-session')).toBe(false);
    signer.state.mode = { kind: 'ok' };
    expect((await signInStatus()).status).toBe(200);
  });

  it('keeps serving from a warm cache while the JWKS is down (K1)', async () => {
    expect((await signInStatus()).status).toBe(200);
    signer.state.mode = { kind: 'down' };
    expect((await signInStatus()).status).toBe(200);
  });

  it('gives up on a slow JWKS within the timeout, with one outbound fetch for 50 sign-ins (K2)', async () => {
    signer.state.mode = { kind: 'slow', ms: 30_000 };
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 50 }, () => signInStatus()));
    expect(results.every((result) => result.status === 503)).toBe(true);
    // A generous bound (the timeout here is 1 s): without a timeout every sign-in would wait the full 30 s.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(signer.state.jwksRequests).toBe(1);
  });

  it('is not poisoned by garbage answers (K3)', async () => {
    const garbage = [
      { status: 200, body: '<html>hi</html>' },
      { status: 200, body: '{' },
      { status: 200, body: 'null' },
      { status: 200, body: '{}' },
      { status: 200, body: '{"keys":null}' },
      { status: 404, body: 'not found' },
      { status: 302, body: '', headers: { Location: 'https://evil.example/jwks' } },
    ];
    for (const answer of garbage) {
      signer.state.mode = { kind: 'body', ...answer };
      const { status } = await signInStatus();
      expect([401, 503]).toContain(status);
    }
    signer.state.mode = { kind: 'ok' };
    expect((await signInStatus()).status).toBe(200);
  });

  it('refetches once for a new key after rotation (K4)', async () => {
    expect((await signInStatus()).status).toBe(200);
    const rotated = await createSigningKey('test-key-2');
    signer.state.keys.push(rotated.publicJwk);
    await app.close();
    // A fresh cooldown window: the app has a warm cache that lacks the new key.
    app = await startTestApp(signer, {}, { keySet: { cooldown: 0 } });
    expect((await signInStatus()).status).toBe(200);
    const before = signer.state.jwksRequests;
    expect((await signInStatus({ key: rotated })).status).toBe(200);
    expect(signer.state.jwksRequests - before).toBeLessThanOrEqual(1);
  });

  it('fetches at most once per cooldown under a flood of unknown kids (K5)', async () => {
    expect((await signInStatus()).status).toBe(200);
    const attacker = await createSigningKey('unused');
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signInStatus({ key: { ...attacker, kid: `random-${i}` } })),
    );
    expect(results.every((result) => result.status === 401)).toBe(true);
    expect(signer.state.jwksRequests).toBeLessThanOrEqual(2);
    expect((await signInStatus()).status).toBe(200);
  });

  it('uses good keys beside odd ones and never accepts the odd ones (K6)', async () => {
    const weak = await createSigningKey('weak-1024', 1024);
    const encryption = await createSigningKey('enc-key');
    signer.state.keys.push({ kty: 'OKP', crv: 'X448', x: 'AAAA', kid: 'unknown-type' }, weak.publicJwk, {
      ...encryption.publicJwk,
      use: 'enc',
    });
    expect((await signInStatus()).status).toBe(200);
    const { nonce, cookie } = await app.getNonce();
    const weakToken = await signer.signRaw({ typ: 'JWT' }, signer.idTokenClaims({ nonce }), weak);
    expect((await app.postIdToken({ id_token: weakToken }, { Cookie: cookie })).status).toBe(401);
    expect((await signInStatus({ key: encryption })).status).toBe(401);
  });

  it('refuses a kid that two keys share, whichever of them signed, and keeps the other keys working (K6)', async () => {
    const twins = [await createSigningKey('twin'), await createSigningKey('twin')];
    signer.state.keys.push(...twins.map((twin) => twin.publicJwk));
    for (const twin of twins) {
      const { status, body } = await signInStatus({ key: twin });
      expect({ status, error: body.error }).toEqual({ status: 401, error: 'id_token_invalid' });
    }
    expect((await signInStatus()).status).toBe(200);
  });
});

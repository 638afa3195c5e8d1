import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { hs256Key, signHs256, verifyHs256 } from './hs256.ts';

// The session token's JWS, checked against jose both ways: what one signs the other verifies.
const secret = 'a-session-secret-of-at-least-32-bytes!!';
const key = hs256Key(secret);
const bytes = new TextEncoder().encode(secret);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const joseToken = (header: { alg: string; [name: string]: unknown }, claims = { sub: 'u' }, signingKey = bytes) =>
  new SignJWT(claims).setProtectedHeader(header).sign(signingKey);

describe('signHs256()', () => {
  it('makes a token that jose verifies as HS256', async () => {
    const token = signHs256({ sub: 'u', n: 1 }, key);
    const { payload, protectedHeader } = await jwtVerify(token, bytes, { algorithms: ['HS256'] });
    expect(payload).toEqual({ sub: 'u', n: 1 });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
  });
});

describe('verifyHs256()', () => {
  it('returns the claims of a token jose signed, with any of the keys', async () => {
    const other = hs256Key('another-secret-of-at-least-32-bytes!!!!');
    expect(verifyHs256(await joseToken({ alg: 'HS256' }), [other, key])).toEqual({ sub: 'u' });
  });

  it('refuses a token signed with another key, or with claims changed after signing', async () => {
    expect(verifyHs256(await joseToken({ alg: 'HS256' }), [hs256Key('x'.repeat(32))])).toBeUndefined();
    const [header, , signature] = (await joseToken({ alg: 'HS256' })).split('.');
    expect(verifyHs256(`${header}.${b64({ sub: 'admin' })}.${signature}`, [key])).toBeUndefined();
  });

  it('refuses every other algorithm, even with a valid MAC under our secret (RFC 8725 3.1)', async () => {
    for (const alg of ['HS384', 'HS512']) expect(verifyHs256(await joseToken({ alg }), [key])).toBeUndefined();
    expect(verifyHs256(`${b64({ alg: 'none' })}.${b64({ sub: 'u' })}.`, [key])).toBeUndefined();
    // The header is covered by the MAC, so only a holder of the secret can write these: still refused.
    const macOf = (header: object) => {
      const input = `${b64(header)}.${b64({ sub: 'u' })}`;
      return `${input}.${createHmacOf(input)}`;
    };
    expect(verifyHs256(macOf({ alg: 'none' }), [key])).toBeUndefined();
    expect(verifyHs256(macOf({ alg: 'HS256', crit: ['exp'], exp: 1 }), [key])).toBeUndefined();
    expect(verifyHs256(macOf({ alg: 'HS256', b64: false, crit: ['b64'] }), [key])).toBeUndefined();
    expect(verifyHs256(macOf({ alg: 'HS256' }), [key])).toEqual({ sub: 'u' }); // the control
  });

  it('refuses what is not a compact JWS with a JSON object payload', async () => {
    const valid = signHs256({ sub: 'u' }, key);
    const [header, payload, signature] = valid.split('.');
    for (const token of [
      '',
      `${header}.${payload}`,
      `${valid}.extra`,
      `${header}.${payload}.${signature}=`,
      `${header}.${payload}.${signature!.slice(0, -1)}`,
      `${header} .${payload}.${signature}`,
      signHs256({}, key).replace(/\.[^.]+\./, `.${b64([1, 2])}.`),
    ]) {
      expect(verifyHs256(token, [key])).toBeUndefined();
    }
    const arrayPayload = `${b64({ alg: 'HS256' })}.${b64([1])}`;
    expect(verifyHs256(`${arrayPayload}.${createHmacOf(arrayPayload)}`, [key])).toBeUndefined();
  });
});

/** The MAC of `input` under the test secret, made with node:crypto directly, as a holder of the secret would. */
const createHmacOf = (input: string) => createHmac('sha256', secret).update(input).digest('base64url');

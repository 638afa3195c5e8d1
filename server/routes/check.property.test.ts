import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntraSigner, startEntraSigner, tenantId, userOid } from '../../test/support/entra-signer.ts';
import { plantSession } from '../../test/support/planted-session.ts';
import { sessionSecret, startTestApp, type TestApp } from '../../test/support/test-app.ts';

// Whatever names, e-mails and roles a tenant puts in its tokens, /auth/check answers 200 with header values a
// proxy can pass on: never a 500 (a URIError from a lone surrogate, say), through the real server.
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

// Every kind of UTF-16 code unit: ASCII, any code point (surrogate pairs included), lone halves; long enough to
// be cut, with pairs at every position.
const unit = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constantFrom('😀', '👩‍👩‍👧', 'é', '\u0000', '\r\n'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
);
const text = (maxLength: number) => fc.string({ unit, maxLength });

/** The test's own reading of "cut by whole characters": code points, well-formed, at most `max` UTF-16 units. */
function expectedCut(value: string, max: number): string {
  let cut = '';
  for (const character of (value as string & { toWellFormed(): string }).toWellFormed()) {
    if (cut.length + character.length > max) break;
    cut += character;
  }
  return cut;
}

const printable = /^[\x20-\x7E]*$/;

describe('GET /auth/check under arbitrary Unicode in the token', () => {
  it('answers 200 with ASCII headers that decode to the name and e-mail cut by whole characters', async () => {
    await fc.assert(
      fc.asyncProperty(text(260), text(300), fc.array(text(120), { maxLength: 5 }), async (name, email, roles) => {
        const claims = { name, email, roles, preferred_username: undefined };
        const cookie = (await app.signIn(claims)).sessionCookie!;
        const response = await fetch(`${app.url}/auth/check`, { headers: { Cookie: cookie } });
        expect(response.status).toBe(200);
        const header = (name: string) => response.headers.get(`x-auth-request-${name}`)!;
        for (const name of ['user', 'email', 'name', 'tenant', 'roles']) expect(header(name)).toMatch(printable);
        expect(decodeURIComponent(header('name'))).toBe(expectedCut(name, 200));
        const sentEmail = expectedCut(email, 254);
        // Printable ASCII goes as it is, and HTTP drops the spaces around a header value (RFC 9110 5.5).
        if (printable.test(sentEmail)) expect(header('email')).toBe(sentEmail.trim());
        else expect(decodeURIComponent(header('email'))).toBe(sentEmail);
      }),
      {
        numRuns: 100,
        endOnFailure: true, // a sign-in per run: shrinking would outlast the test's timeout
        // The review's case: 200 characters of name, the last one an emoji, so a cut at 200 UTF-16 units splits it.
        examples: [[`${'a'.repeat(199)}😀`, `${'b'.repeat(253)}😀@example.test`, [`${'r'.repeat(99)}😀`]]],
      },
    );
  });

  it('answers 200 for a session signed before names were cut by whole characters (a lone surrogate in it)', async () => {
    const user = {
      id: userOid,
      tenantId,
      name: `${'a'.repeat(199)}\ud83d`,
      email: 'e\udc00@x.test',
      roles: ['R\ud83d'],
    };
    const cookie = `ms-session=${await plantSession(app.config.databasePath, sessionSecret, user)}`;
    const response = await fetch(`${app.url}/auth/check`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect(decodeURIComponent(response.headers.get('x-auth-request-name')!)).toBe(`${'a'.repeat(199)}\ufffd`);
    expect(decodeURIComponent(response.headers.get('x-auth-request-email')!)).toBe('e\ufffd@x.test');
    expect(decodeURIComponent(response.headers.get('x-auth-request-roles')!)).toBe('R\ufffd');
  });
});

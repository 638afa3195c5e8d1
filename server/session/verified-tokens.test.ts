import { describe, expect, it } from 'vitest';
import type { SessionClaims } from './session-token.ts';
import { createVerifiedTokens } from './verified-tokens.ts';

const claims = (sid: string, expiresAt: number): SessionClaims => ({
  user: { id: 'u', tenantId: 't' },
  sid,
  issuedAt: 0,
  expiresAt,
});

describe('createVerifiedTokens()', () => {
  it('answers for the exact token only', () => {
    const verified = createVerifiedTokens();
    verified.add('header.payload.signature', claims('a', 100));
    expect(verified.get('header.payload.signature', 50)).toMatchObject({ sid: 'a' });
    expect(verified.get('header.payload.signaturE', 50)).toBeUndefined();
    expect(verified.get('header.payload.signature ', 50)).toBeUndefined();
  });

  it('forgets a token once its exp is reached', () => {
    const verified = createVerifiedTokens();
    verified.add('t', claims('a', 100));
    expect(verified.get('t', 99)).toBeDefined();
    expect(verified.get('t', 100)).toBeUndefined();
    expect(verified.get('t', 50)).toBeUndefined(); // gone, not merely hidden
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const verified = createVerifiedTokens(2);
    for (const token of ['t1', 't2', 't3']) verified.add(token, claims(token, 100));
    expect(['t1', 't2', 't3'].map((token) => verified.get(token, 0)?.sid)).toEqual([undefined, 't2', 't3']);
  });

  it('hands out claims no caller can change for the next one', () => {
    const verified = createVerifiedTokens();
    verified.add('t', claims('a', 100));
    const first = verified.get('t', 0)!;
    expect(() => Object.assign(first.user, { id: 'admin' })).toThrow(TypeError);
    expect(verified.get('t', 0)!.user.id).toBe('u');
  });
});

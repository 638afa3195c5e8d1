// Authorization code store: single use, expiry and its bound.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthorizationCodeStore, type AuthorizationGrant } from './authorization-codes.ts';

const grant: AuthorizationGrant = {
  clientId: '5d1c0b6e-7a43-4f5e-9c2d-8e1f0a9b3c47',
  redirectUri: 'http://localhost:5173/redirect.html',
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  scope: 'openid',
  user: {
    oid: '3f2b8c1e-6d4a-4b7e-9a15-2c8d7e6f5a41',
    name: 'Adele Vance',
    email: 'adele.vance@contoso.test',
    roles: [],
    kind: 'workforce',
    signInError: 'none',
    photo: true,
  },
};

afterEach(() => {
  vi.useRealTimers();
});

describe('createAuthorizationCodeStore()', () => {
  it('issues random 32-byte base64url codes that can be taken once', () => {
    const store = createAuthorizationCodeStore({ lifetime: 60 });
    const code = store.issue(grant);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.issue(grant)).not.toBe(code);
    expect(store.take(code)).toEqual({ ok: true, grant });
    expect(store.take(code)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('reports an expired code and removes it', () => {
    vi.useFakeTimers();
    const store = createAuthorizationCodeStore({ lifetime: 60 });
    const code = store.issue(grant);
    vi.advanceTimersByTime(60_000);
    expect(store.take(code)).toEqual({ ok: false, reason: 'expired' });
    expect(store.size).toBe(0);
  });

  it('evicts expired codes on insert and stays bounded', () => {
    vi.useFakeTimers();
    const store = createAuthorizationCodeStore({ lifetime: 60, maxEntries: 3 });
    store.issue(grant);
    store.issue(grant);
    vi.advanceTimersByTime(61_000);
    const fresh = store.issue(grant);
    expect(store.size).toBe(1);
    const more = [store.issue(grant), store.issue(grant), store.issue(grant)];
    expect(store.size).toBe(3);
    expect(store.take(fresh)).toEqual({ ok: false, reason: 'unknown' });
    expect(store.take(more[2]!)).toMatchObject({ ok: true });
  });
});

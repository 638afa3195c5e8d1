import { describe, expect, it, vi } from 'vitest';
import { useLocalStorage } from '../../test/support/local-storage.ts';
import { forgetLoginHint } from './forget-login-hint.ts';
import { rememberedLoginHint, rememberLoginHint } from './login-hint.ts';
import { usernameOf } from './login-hint-of.ts';

const storage = useLocalStorage();

describe('auto-select’s login_hint (login-hint.ts, forget-login-hint.ts)', () => {
  it('is remembered by the chunk and forgotten by the loader under the same key', () => {
    rememberLoginHint('adele.vance@contoso.test');
    expect(rememberedLoginHint()).toBe('adele.vance@contoso.test');
    forgetLoginHint();
    expect(rememberedLoginHint()).toBeNull();
    expect(storage.size).toBe(0);
  });

  it('is nothing, and throws nothing, where storage is refused (blocked, a sandboxed frame)', () => {
    const refused = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    vi.stubGlobal('localStorage', { getItem: refused, setItem: refused, removeItem: refused });
    expect(() => rememberLoginHint('adele.vance@contoso.test')).not.toThrow();
    expect(rememberedLoginHint()).toBeNull();
    expect(() => forgetLoginHint()).not.toThrow();
  });
});

describe('usernameOf()', () => {
  const idToken = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

  it('reads preferred_username, else upn or email, of a token it does not verify', () => {
    expect(usernameOf(idToken({ preferred_username: 'adèle@contoso.test', upn: 'x', email: 'y' }))).toBe(
      'adèle@contoso.test',
    );
    expect(usernameOf(idToken({ upn: 'lee@contoso.test' }))).toBe('lee@contoso.test');
    expect(usernameOf(idToken({ email: 'pat@outlook.test', preferred_username: '' }))).toBe('pat@outlook.test');
  });

  it('is undefined for a token that names nobody, or is no JWT', () => {
    expect(usernameOf(idToken({ oid: 'x' }))).toBeUndefined();
    expect(usernameOf('not-a-jwt')).toBeUndefined();
    expect(usernameOf('a.%%%.c')).toBeUndefined();
  });
});

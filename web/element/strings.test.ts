import { describe, expect, it } from 'vitest';
import { locales, resolveLocale, stringsFor, textKinds } from './strings.ts';

describe('stringsFor()', () => {
  it('has every text of the button in English and at least two more languages', () => {
    expect(locales()).toEqual(expect.arrayContaining(['en', 'fr', 'de']));
    for (const locale of locales()) {
      const strings = stringsFor(locale);
      for (const key of [...textKinds, 'signedInAs', 'signOut'] as const)
        expect(strings[key], `${locale}.${key}`).toMatch(/\S/);
    }
  });

  it("uses Microsoft's wording", () => {
    expect(stringsFor('en')).toMatchObject({
      signin_with: 'Sign in with Microsoft',
      signin: 'Sign in',
      signOut: 'Sign out',
    });
    expect(stringsFor('fr').signin_with).toBe('Se connecter avec Microsoft');
    expect(stringsFor('de').signin_with).toBe('Mit Microsoft anmelden');
  });
});

describe('resolveLocale()', () => {
  it('matches on the primary language subtag, in order of preference', () => {
    expect(resolveLocale(['fr-CA'])).toBe('fr');
    expect(resolveLocale(['DE_ch'])).toBe('de');
    expect(resolveLocale([null, undefined, '', 'pt-BR', 'es-MX', 'fr'])).toBe('es');
  });

  it('falls back to English', () => {
    expect(resolveLocale([])).toBe('en');
    expect(resolveLocale(['zh-Hans', 'ja'])).toBe('en');
  });
});

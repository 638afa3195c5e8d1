import { describe, expect, it } from 'vitest';
import { parseAppearance, parseWidth, serverOrigin } from './options.ts';

const attributes = (values: Record<string, string>) => (name: string) => values[name] ?? null;

describe('parseAppearance()', () => {
  it('gives the branded defaults to an element without attributes', () => {
    expect(parseAppearance(attributes({}))).toEqual({
      theme: 'light',
      size: 'medium',
      shape: 'rectangular',
      text: 'signin_with',
      width: undefined,
      locale: 'en',
      picture: false,
      autoSelect: false,
    });
  });

  it('reads every attribute, whatever its case and spacing', () => {
    const appearance = parseAppearance(
      attributes({
        theme: ' Dark',
        size: 'LARGE',
        shape: 'pill',
        text: 'continue_with',
        width: '320px',
        locale: 'de-AT',
        picture: '',
        'auto-select': 'false', // a boolean attribute: present is true, whatever its value
      }),
    );
    expect(appearance).toEqual({
      theme: 'dark',
      size: 'large',
      shape: 'pill',
      text: 'continue_with',
      width: 320,
      locale: 'de',
      picture: true,
      autoSelect: true,
    });
  });

  it('falls back to the default for an unknown value instead of failing', () => {
    const appearance = parseAppearance(
      attributes({ theme: 'blue', size: 'huge', shape: 'circle', text: 'login', width: 'wide' }),
    );
    expect(appearance).toMatchObject({
      theme: 'light',
      size: 'medium',
      shape: 'rectangular',
      text: 'signin_with',
      width: undefined,
    });
  });

  it("takes the locale attribute first, then the browser's languages", () => {
    expect(parseAppearance(attributes({}), ['it-IT', 'fr-CA', 'de']).locale).toBe('fr');
    expect(parseAppearance(attributes({ locale: 'es' }), ['fr']).locale).toBe('es');
    expect(parseAppearance(attributes({ locale: 'xx' }), ['de-DE']).locale).toBe('de');
    expect(parseAppearance(attributes({}), ['ja']).locale).toBe('en');
  });
});

describe('parseWidth()', () => {
  it('takes CSS pixels with or without a unit, within 120 to 1000', () => {
    expect(parseWidth('300')).toBe(300);
    expect(parseWidth(' 250.5px ')).toBe(250.5);
    expect(parseWidth('40')).toBe(120);
    expect(parseWidth('5000')).toBe(1000);
  });

  it('ignores anything else', () => {
    for (const value of [null, '', '50%', '20em', '-300', 'calc(100px)'])
      expect(parseWidth(value), String(value)).toBeUndefined();
  });
});

describe('serverOrigin()', () => {
  const page = 'https://www.example.com/blog/post?x=1';
  const script = 'https://auth.example.com/sdk/ms-signin.js';

  it('is the origin of login-uri, relative to the page', () => {
    expect(serverOrigin('https://auth.example.com/auth/microsoft', page, script)).toBe('https://auth.example.com');
    expect(serverOrigin('/auth/microsoft', page, script)).toBe('https://www.example.com');
  });

  it("is the script's own server without login-uri, or with one that is not a URL", () => {
    expect(serverOrigin(null, page, script)).toBe('https://auth.example.com');
    expect(serverOrigin('  ', page, script)).toBe('https://auth.example.com');
    expect(serverOrigin('http://[bad', page, script)).toBe('https://auth.example.com');
  });
});

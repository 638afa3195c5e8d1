import { describe, expect, it } from 'vitest';
import { parseAppearance } from './options.ts';
import { css, escapeHtml, renderSignedIn, renderSignedOut } from './render.ts';
import { stringsFor } from './strings.ts';

const appearanceOf = (values: Record<string, string> = {}) => parseAppearance((name) => values[name] ?? null);

describe('renderSignedOut()', () => {
  it('is one real button named by its visible label, with the logo hidden from screen readers', () => {
    const html = renderSignedOut(appearanceOf(), stringsFor('en'));
    expect(html).toMatch(/^<button type="button" class="b light medium rectangular" part="button" lang="en">/);
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('<span class="t">Sign in with Microsoft</span>');
    expect(html).toContain('<svg viewBox="0 0 21 21" aria-hidden="true">');
    for (const color of ['#F25022', '#7FBA00', '#00A4EF', '#FFB900']) expect(html).toContain(`fill="${color}"`);
  });

  it('renders the chosen theme, size, shape, text and language', () => {
    const appearance = appearanceOf({ theme: 'dark', size: 'small', shape: 'pill', text: 'signup_with', locale: 'fr' });
    const html = renderSignedOut(appearance, stringsFor(appearance.locale));
    expect(html).toContain('class="b dark small pill"');
    expect(html).toContain('lang="fr"');
    expect(html).toContain('S&#39;inscrire avec Microsoft');
  });
});

describe('renderSignedIn()', () => {
  it('shows the name, says "Signed in as" to screen readers, and offers Sign out', () => {
    const html = renderSignedIn(appearanceOf({ locale: 'de' }), stringsFor('de'), 'Adele Vance');
    expect(html).toContain('<span class="v">Angemeldet als </span>Adele Vance');
    expect(html).toContain('<button type="button" class="o" part="sign-out">Abmelden</button>');
    expect(html).toContain('part="signed-in" lang="de"');
  });

  it('escapes the name: it comes from the identity provider, not from us', () => {
    const html = renderSignedIn(appearanceOf(), stringsFor('en'), '<img src=x onerror=alert(1)> "Bob" & co');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Bob&quot; &amp; co');
  });
});

describe('escapeHtml()', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('css', () => {
  it("follows Microsoft's branding: 41 px high, Segoe UI 15 px semibold, the light and dark colours", () => {
    expect(css).toMatch(/\.b\{[^}]*height:41px/);
    expect(css).toMatch(/\.b\{[^}]*font:600 15px\/1 "Segoe UI"/);
    expect(css).toMatch(/\.b\{[^}]*border:1px solid #8c8c8c;[^}]*background:#fff;color:#5e5e5e/);
    expect(css).toMatch(/\.dark\{background:#2f2f2f;border-color:#2f2f2f;color:#fff\}/);
  });

  it('keeps the page out with all: initial, and shows the keyboard focus', () => {
    expect(css).toContain(':host{all:initial;');
    expect(css).toMatch(/\.b:focus-visible[^{]*\{outline:2px solid/);
  });
});

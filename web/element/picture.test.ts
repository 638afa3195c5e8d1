import { describe, expect, it } from 'vitest';
import { initials, pictureMarkup } from './picture.ts';

describe('initials()', () => {
  it('takes the first letters of the first two words', () => {
    expect(initials('Adele Vance')).toBe('AV');
    expect(initials('Lee Gu (not assigned to the app)')).toBe('LG');
    expect(initials('élodie  du pont')).toBe('ÉD');
    expect(initials('Megan')).toBe('M');
    expect(initials('')).toBe('');
  });
});

describe('pictureMarkup()', () => {
  it('draws the initials, or the photo, in an SVG the size of the logo, hidden from assistive technology', () => {
    const withInitials = pictureMarkup('oid-1', 'Adele Vance', undefined);
    expect(withInitials).toMatch(
      /^<span class="l" part="picture" data-id="oid-1" aria-hidden="true"><svg class="a" viewBox="0 0 21 21">/,
    );
    expect(withInitials).toContain('>AV</text>');
    const withPhoto = pictureMarkup('oid-1', 'Adele Vance', 'blob:http://localhost:3001/4f1c');
    expect(withPhoto).toContain('<image href="blob:http://localhost:3001/4f1c" width="21" height="21"');
    expect(withPhoto).not.toContain('<text');
  });

  it('escapes what it writes', () => {
    expect(pictureMarkup('"><x', '<b> <i>', undefined)).not.toMatch(/<x|<b>|<i>/);
  });
});

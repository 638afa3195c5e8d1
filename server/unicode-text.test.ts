import { describe, expect, it } from 'vitest';
import { cutToLength, wellFormed } from './unicode-text.ts';

describe('cutToLength()', () => {
  it('cuts a 201-character name ending in an emoji before the emoji, never inside it', () => {
    const name = `${'a'.repeat(199)}😀`; // 201 UTF-16 units: the emoji is units 200 and 201
    expect(cutToLength(name, 200)).toBe('a'.repeat(199));
    expect(() => encodeURIComponent(cutToLength(name, 200))).not.toThrow();
    expect(cutToLength(name, 201)).toBe(name);
    expect(cutToLength('😀😀', 3)).toBe('😀');
  });

  it('keeps text within the limit as it is, and replaces lone surrogates', () => {
    expect(cutToLength('Zoë 山田', 200)).toBe('Zoë 山田');
    expect(cutToLength('a\ud83d', 200)).toBe('a\ufffd');
    expect(cutToLength('\ude00b', 1)).toBe('\ufffd');
    expect(wellFormed('x\udc00\ud83d\ude00')).toBe('x\ufffd😀');
  });
});

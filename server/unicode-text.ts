// Text from tokens made safe to store, cut and percent-encode: whole code points only, never a lone surrogate.

/** ES2024's String methods, in Node 20; the TypeScript lib of this repository stops at ES2023. */
type Es2024String = string & { toWellFormed(): string };

/**
 * `value` with every lone UTF-16 surrogate replaced by U+FFFD. JSON can carry a lone half (`"\ud83d"`), and
 * `encodeURIComponent` throws a URIError on one: a header value built from such a name would be a 500.
 */
export const wellFormed = (value: string): string => (value as Es2024String).toWellFormed();

/**
 * `value`, well-formed, cut to at most `max` UTF-16 code units on a code point boundary: a cut inside a surrogate
 * pair (a name ending in an emoji) would leave a lone half, which no header can carry (docs/http-api.md).
 *
 * @example cutToLength('ab😀', 3) // 'ab', not 'ab\ud83d'
 */
export function cutToLength(value: string, max: number): string {
  const text = wellFormed(value);
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff; // a high surrogate, its low half beyond the cut
  return text.slice(0, splitsPair ? max - 1 : max);
}

// The `picture` attribute's markup (docs/element.md): the person's photo, or their initials, as an SVG in the
// logo's box (the loader's CSS sizes every svg there; decorations.ts rounds `.a`), so it moves nothing when it
// replaces the logo. SVG attributes need no style attribute, so a strict CSP is fine.

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (character) => escapes[character]!);

/** "Adele Vance" → "AV": the first letters of the first two words (letters that follow no letter). */
export const initials = (name: string): string =>
  (name.match(/(?<!\p{L})\p{L}/gu) ?? []).slice(0, 2).join('').toUpperCase();

/**
 * The photo at `photo` (an object URL), or `name`'s initials on Microsoft blue (white on #0067b8: 5.6:1).
 * Hidden from assistive technology: the name beside it is read already, and the button keeps its name.
 * @example pictureMarkup(user.id, 'Adele Vance', undefined) // initials "AV"
 */
export function pictureMarkup(id: string, name: string, photo: string | undefined): string {
  const inner = photo
    ? `<image href="${escape(photo)}" width="21" height="21" preserveAspectRatio="xMidYMid slice"/>`
    : `<rect width="21" height="21" fill="#0067b8"/><text x="10.5" y="14" fill="#fff" font-family="Segoe UI,system-ui,sans-serif" font-size="8.5" font-weight="600" text-anchor="middle">${escape(initials(name))}</text>`;
  return `<span class="l" part="picture" data-id="${escape(id)}" aria-hidden="true"><svg class="a" viewBox="0 0 21 21">${inner}</svg></span>`;
}

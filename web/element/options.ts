// Turns the element's attributes into the options it renders with and the auth server it calls.
import { resolveLocale, type Locale, type TextKind, textKinds } from './strings.ts';

export const themes = ['light', 'dark'] as const;
export const sizes = ['small', 'medium', 'large'] as const;
export const shapes = ['rectangular', 'pill'] as const;

/** How the button looks; every field has a valid value whatever the attributes say. */
export interface Appearance {
  theme: (typeof themes)[number];
  size: (typeof sizes)[number];
  shape: (typeof shapes)[number];
  text: TextKind;
  /** Fixed width in CSS pixels, or undefined to fit the text. */
  width: number | undefined;
  locale: Locale;
  /** Signed in, the person's photo (or initials) in place of the logo. */
  picture: boolean;
  /** Not how it looks, but read with the rest: on load, sign in without a click if Microsoft can. */
  autoSelect: boolean;
}

/** Reads one attribute; `element.getAttribute.bind(element)` in the element. */
export type AttributeReader = (name: string) => string | null;

const minWidth = 120; // px: room for the logo and a few letters; the label is cut with an ellipsis below that
const maxWidth = 1000; // px

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  const normalized = value?.trim().toLowerCase();
  return values.find((candidate) => candidate === normalized) ?? fallback;
}

/** `300`, `300px` or ` 300.5 ` → 300.5 px, clamped to 120–1000; anything else → undefined. */
export function parseWidth(value: string | null): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(value ?? '');
  if (!match) return undefined;
  return Math.min(maxWidth, Math.max(minWidth, Number(match[1])));
}

/**
 * The appearance from the attributes; an unknown value falls back to the default, never throws
 * (a typo on a static page must still give a working button).
 * @example parseAppearance(element.getAttribute.bind(element), navigator.languages)
 */
export function parseAppearance(attribute: AttributeReader, browserLanguages: readonly string[] = []): Appearance {
  return {
    theme: oneOf(themes, attribute('theme'), 'light'),
    size: oneOf(sizes, attribute('size'), 'medium'),
    shape: oneOf(shapes, attribute('shape'), 'rectangular'),
    text: oneOf(textKinds, attribute('text'), 'signin_with'),
    width: parseWidth(attribute('width')),
    locale: resolveLocale([attribute('locale'), ...browserLanguages]),
    picture: attribute('picture') !== null,
    autoSelect: attribute('auto-select') !== null,
  };
}

/**
 * The auth server's origin: the origin of `login-uri` (the other endpoints are fixed by the server's
 * API: /auth/nonce, /auth/config, /auth/logout, /api/me), or the server the script came from.
 */
export function serverOrigin(loginUri: string | null, pageUrl: string, scriptUrl: string): string {
  const value = loginUri?.trim();
  try {
    if (value) return new URL(value, pageUrl).origin;
  } catch {
    // Not a URL: the script's own server is the best guess.
  }
  return new URL(scriptUrl).origin;
}

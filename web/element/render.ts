// The element's shadow DOM as markup (pure: options in, HTML out) and its one shared style sheet.
import { microsoftLogoSvg } from './microsoft-logo.ts';
import type { Appearance } from './options.ts';
import type { Strings } from './strings.ts';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => escapes[character]!);

const classesOf = (appearance: Appearance) => `b ${appearance.theme} ${appearance.size} ${appearance.shape}`;
const logo = `<span class="l" part="logo">${microsoftLogoSvg}</span>`;

/** The sign-in button: a real `<button>`, named by its visible label, in the chosen language. */
export function renderSignedOut(appearance: Appearance, strings: Strings): string {
  return (
    `<button type="button" class="${classesOf(appearance)}" part="button" lang="${appearance.locale}">` +
    `${logo}<span class="t">${escapeHtml(strings[appearance.text])}</span></button>`
  );
}

/** Who is signed in (screen readers hear "Signed in as …") and a Sign-out button, in the button's box. */
export function renderSignedIn(appearance: Appearance, strings: Strings, name: string): string {
  const who = escapeHtml(name);
  return (
    `<div class="${classesOf(appearance)}" part="signed-in" lang="${appearance.locale}">` +
    `${logo}<span class="t" title="${who}"><span class="v">${escapeHtml(strings.signedInAs)} </span>${who}</span>` +
    `<span aria-hidden="true">·</span>` +
    `<button type="button" class="o" part="sign-out">${escapeHtml(strings.signOut)}</button></div>`
  );
}

/**
 * Microsoft's branding for its sign-in button: 41 px high at the medium size, 21 px logo, Segoe UI 15 px
 * semibold; light: white, #8C8C8C border, #5E5E5E text; dark: #2F2F2F with white text. `all: initial`
 * keeps the page's inherited styles (font, colour, letter-spacing…) out. Signed in, in a fixed width, the
 * name (`.t`) alone shrinks, and the "·" after it sits a space's width from its neighbours, not a full gap.
 * The error and the picture have their own sheet (decorations.ts).
 */
export const css = `\
:host{all:initial;display:inline-block;vertical-align:middle;max-width:100%}\
:host([hidden]){display:none}\
.b{box-sizing:border-box;display:flex;align-items:center;justify-content:center;gap:12px;height:41px;max-width:100%;margin:0;padding:0 12px;border:1px solid #8c8c8c;border-radius:0;background:#fff;color:#5e5e5e;font:600 15px/1 "Segoe UI",system-ui,sans-serif;white-space:nowrap}\
.dark{background:#2f2f2f;border-color:#2f2f2f;color:#fff}\
.small{height:32px;gap:8px;padding:0 8px;font-size:13px}\
.large{height:48px;gap:14px;padding:0 16px;font-size:17px}\
.pill{border-radius:999px;padding:0 16px}\
button{cursor:pointer}\
button.b:hover{filter:brightness(.95)}\
button[aria-disabled=true]{cursor:progress}\
.l{display:flex;flex:none}\
svg{width:21px;height:21px}\
.small svg{width:16px;height:16px}\
.large svg{width:24px;height:24px}\
.t{overflow:hidden;text-overflow:ellipsis;min-width:0}\
.t+span{margin:0 -.5em}\
.v{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}\
.o{margin:0;padding:2px;border:0;background:none;color:inherit;font:inherit;text-decoration:underline;text-underline-offset:3px}\
.b:focus-visible,.o:focus-visible{outline:2px solid #0067b8;outline-offset:2px}\
.dark:focus-visible,.dark .o:focus-visible{outline-color:#6cb8f6}`;

let sheet: CSSStyleSheet | undefined;

/** One sheet for every button: adopted sheets, unlike `<style>`, pass a page CSP without 'unsafe-inline'. */
export function styleSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}

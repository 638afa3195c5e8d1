// Registers <ms-signin-button>, once: a page may load the script twice (two tags, two versions).
import type { SignInErrorDetail } from './errors.ts';
import { MsSignInButton, type SignInEventDetail } from './ms-signin-button.ts';

export const tagName = 'ms-signin-button';

export function defineSignInButton(): void {
  if (!customElements.get(tagName)) customElements.define(tagName, MsSignInButton);
}

/** The element's events (they bubble and cross shadow roots), with their `detail`. */
export interface MsSignInButtonEventMap {
  /** After a sign-in, and on load when a session exists: the user, and `automatic` for auto-select's. */
  'ms-signin': CustomEvent<SignInEventDetail>;
  /** After sign-out. */
  'ms-signout': CustomEvent<null>;
  /** A sign-in, sign-out or start-up failed: a stable code and a sentence for people. */
  'ms-error': CustomEvent<SignInErrorDetail>;
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-signin-button': MsSignInButton;
  }
  // On every element and the document, so that a listener on an ancestor (the events bubble) is typed too.
  interface HTMLElementEventMap extends MsSignInButtonEventMap {}
  interface DocumentEventMap extends MsSignInButtonEventMap {}
}

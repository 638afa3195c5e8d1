// Registers <ms-signin-button>, once: a page may load the script twice (two tags, two versions).
import type { SignInErrorDetail } from './errors.ts';
import { MsSignInButton, type SignInEventDetail } from './ms-signin-button.ts';

export const tagName = 'ms-signin-button';

export function defineSignInButton(): void {
  if (!customElements.get(tagName)) customElements.define(tagName, MsSignInButton);
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-signin-button': MsSignInButton;
  }
  interface HTMLElementEventMap {
    /** After a sign-in, and on load when a session exists: the user, and `automatic` for auto-select's. */
    'ms-signin': CustomEvent<SignInEventDetail>;
    'ms-signout': CustomEvent<null>;
    'ms-error': CustomEvent<SignInErrorDetail>;
  }
}

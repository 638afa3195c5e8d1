// The drop-in script (/sdk/ms-signin.js): defines <ms-signin-button>, or, when this page is the sign-in popup
// (or MSAL's hidden iframe) coming back from Microsoft, only loads the small redirect bridge that hands the
// answer back.
import { defineSignInButton } from './define.ts';

// An answer carries a `state`; whether it is MSAL's answer is the bridge chunk's to tell (popup-response.ts),
// which keeps that check out of every page's download (any other `state=` only delays the button by that chunk).
if (location.href.includes('state=')) {
  // The popup closes once the answer is sent; nothing else of the page needs the button.
  void import('./bridge.ts').then((bridge) => bridge.bridged || defineSignInButton(), defineSignInButton);
} else {
  defineSignInButton();
}

export type { User } from './types.ts';
export type { SignInErrorDetail } from './errors.ts';
export type { MsSignInButton, SignInEventDetail } from './ms-signin-button.ts';

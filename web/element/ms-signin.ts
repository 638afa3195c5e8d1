// The drop-in script (/sdk/ms-signin.js): defines <ms-signin-button>, or, when this page is the sign-in
// popup coming back from Microsoft, only loads the small redirect bridge that hands the answer back.
import { defineSignInButton } from './define.ts';
import { isPopupResponse } from './popup-response.ts';

if (isPopupResponse(location.href)) {
  // The popup closes once the answer is sent; nothing else of the page needs the button.
  void import('./bridge.ts');
} else {
  defineSignInButton();
}

export type { User } from './types.ts';
export type { SignInErrorDetail } from './errors.ts';
export type { MsSignInButton } from './ms-signin-button.ts';

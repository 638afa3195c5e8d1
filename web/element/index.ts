// `ms-signin/element`: <ms-signin-button> for pages built with a bundler (Vite, webpack, esbuild…). Importing it
// defines the element, once: importing it twice, or beside the drop-in script tag, still defines it once
// (docs/library.md). Inside the sign-in popup, it only hands Microsoft's answer back, as the drop-in script does.
import { defineSignInButton, type MsSignInButtonEventMap } from './define.ts';
import type { MsSignInButton } from './ms-signin-button.ts';
import type { Appearance } from './options.ts';
import { isPopupResponse } from './popup-response.ts';

if (isPopupResponse(location.href)) void import('./bridge.ts');
else defineSignInButton();

export { MsSignInButton } from './ms-signin-button.ts';
export { SignInError, type SignInErrorDetail } from './errors.ts';
export type { MsSignInButtonEventMap } from './define.ts';
export type { SignInEventDetail } from './ms-signin-button.ts';
export type { User } from './types.ts';

/** The element's attributes as JSX writes them: each value checked, so a misspelt one does not compile. */
export interface MsSignInButtonAttributes {
  /** The SPA app registration's application (client) id; default the server's. */
  'client-id'?: string;
  /** Tenant GUID or domain, `organizations`, `common`, `consumers`; default the server's. */
  tenant?: string;
  /** The Microsoft cloud, an External ID host, or a whole authority; default the server's. */
  'authority-host'?: string;
  /** The server's `POST /auth/microsoft`; default the server this script came from. */
  'login-uri'?: string;
  /** The popup's redirect URI; default this page without query and fragment. */
  'redirect-uri'?: string;
  theme?: Appearance['theme'];
  size?: Appearance['size'];
  shape?: Appearance['shape'];
  text?: Appearance['text'];
  /** Pixels, 120 to 1000. */
  width?: number | `${number}` | `${number}px`;
  locale?: Appearance['locale'];
  /** Signed in on return without a click, where Microsoft still knows the person (docs/element.md). */
  'auto-select'?: boolean;
  /** The person's photo from Microsoft Graph, or their initials, once signed in. */
  picture?: boolean;
  'onms-signin'?: (event: MsSignInButtonEventMap['ms-signin']) => void;
  'onms-signout'?: (event: MsSignInButtonEventMap['ms-signout']) => void;
  'onms-error'?: (event: MsSignInButtonEventMap['ms-error']) => void;
}

/**
 * The props every JSX element takes, as React 19 and Preact write them: `aria-*` and `data-*` are open, as for
 * any element. Declared here rather than borrowed from either library, so that these declarations name nothing
 * of React or Preact and type-check in a project that has only one of them, or neither.
 */
export interface JsxElementProps {
  key?: string | number | bigint | null;
  ref?: { current: MsSignInButton | null } | ((element: MsSignInButton | null) => void | (() => void)) | null;
  id?: string;
  class?: string;
  className?: string;
  style?: string | Record<string, string | number | null | undefined>;
  title?: string;
  hidden?: boolean;
  slot?: string;
  tabIndex?: number;
  lang?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
  onClick?: (event: MouseEvent) => void;
  onFocus?: (event: FocusEvent) => void;
  onBlur?: (event: FocusEvent) => void;
}

// JSX: React 19 sets a custom element's known properties as properties and `on<event>` props as listeners of
// `<event>`; Preact does the same. Each augmentation takes effect only where that library is installed.
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'ms-signin-button': JsxElementProps & MsSignInButtonAttributes;
    }
  }
}

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'ms-signin-button': JsxElementProps & MsSignInButtonAttributes;
    }
  }
}

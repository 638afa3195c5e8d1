// What the auth server sends the element, typed once for both (common/): a change to a response breaks the
// type check rather than a page.
export type { User } from '../../common/user.ts';
export type { BrowserMsalSettings as AuthConfig } from '../../common/browser-msal-settings.ts';

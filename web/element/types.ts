// What the auth server sends the element, typed by the server's own types: type-only, so nothing of the
// server reaches the bundle, and a change to a response breaks the type check rather than a page.
export type { User } from '../../server/user.ts';
export type { BrowserMsalSettings as AuthConfig } from '../../server/routes/msal-settings.ts';

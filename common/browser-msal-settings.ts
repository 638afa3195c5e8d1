// What `GET /auth/config` tells a page so that it can configure MSAL for the server's tenant.
import type { MsalAuthority } from './authority.ts';

export interface BrowserMsalSettings extends MsalAuthority {
  clientId: string;
  /** Path of the popup's redirect page on the page's own origin. */
  redirectUri: string;
  scopes: string[];
}

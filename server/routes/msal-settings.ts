// What a page needs to configure MSAL for this server's tenant, so one page serves any authority.
import type { Config } from '../config.ts';

export interface BrowserMsalSettings {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  /** JSON string for MSAL's `auth.authorityMetadata`; only for a local (http) authority. */
  authorityMetadata?: string;
  /** Path of the popup's redirect page on the page's own origin. */
  redirectUri: string;
  scopes: string[];
}

/**
 * MSAL 5 refuses an http authority, but takes an https one it never contacts when `knownAuthorities`
 * lists its host and `authorityMetadata` names the real endpoints (docs/msal.md). A local authority
 * therefore gets a placeholder https name under the reserved `.invalid` domain, with its real http endpoints.
 */
export function browserMsalSettings(
  config: Pick<Config, 'clientId' | 'tenant' | 'authorityHost'>,
): BrowserMsalSettings {
  const tenant = config.tenant.tenant;
  const common = { clientId: config.clientId, redirectUri: '/redirect.html', scopes: ['openid', 'profile', 'email'] };
  const host = new URL(config.authorityHost);
  if (host.protocol === 'https:') {
    return { ...common, authority: `${config.authorityHost}/${tenant}`, knownAuthorities: [host.host] };
  }
  const placeholder = 'local-authority.invalid';
  // The tenant must be the first path segment of each endpoint, as in the authority: MSAL rewrites it.
  const endpoint = (path: string) => `${config.authorityHost}/${tenant}/${path}`;
  return {
    ...common,
    authority: `https://${placeholder}/${tenant}`,
    knownAuthorities: [placeholder],
    authorityMetadata: JSON.stringify({
      issuer: `https://${placeholder}/${tenant}/v2.0`,
      authorization_endpoint: endpoint('oauth2/v2.0/authorize'),
      token_endpoint: endpoint('oauth2/v2.0/token'),
      end_session_endpoint: endpoint('oauth2/v2.0/logout'),
      jwks_uri: endpoint('discovery/v2.0/keys'),
    }),
  };
}

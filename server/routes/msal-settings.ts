// What a page needs to configure MSAL for this server's tenant, so one page serves any authority.
import type { Config } from '../config.ts';
import type { AuthorityMetadataSource } from '../entra/authority-metadata.ts';
import { msalAuthority } from '../../common/authority.ts';
import type { BrowserMsalSettings } from '../../common/browser-msal-settings.ts';

export type { BrowserMsalSettings };

/**
 * MSAL's settings for `config`'s authority, whatever its kind (authority.ts knows the shapes). The issuer's host
 * joins `knownAuthorities` once the discovery document is known; while it cannot be had, MSAL gets the rest.
 */
export async function browserMsalSettings(
  config: Pick<Config, 'clientId' | 'authority'>,
  metadata: AuthorityMetadataSource,
): Promise<BrowserMsalSettings> {
  const issuer = await metadata().then(
    (known) => known.issuer,
    () => undefined,
  );
  return {
    clientId: config.clientId,
    ...msalAuthority(config.authority, issuer),
    redirectUri: '/redirect.html',
    scopes: ['openid', 'profile', 'email'],
  };
}

// MSAL's settings for the element: the server's (GET /auth/config) with the element's attributes on top.
import type { AuthConfig } from './types.ts';

/** `URL.parse` without it: Safari before 18 lacks it. */
function parseUrl(value: string, base?: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** The popup's redirect URI: the page itself without query and fragment, unless `redirect-uri` names one. */
export function redirectUriFor(redirectUri: string | null, pageUrl: string): string {
  const value = redirectUri?.trim();
  if (value) return new URL(value, pageUrl).href;
  const page = new URL(pageUrl);
  return page.origin + page.pathname;
}

/** The attributes that pick the app registration, each optional. */
export interface RegistrationAttributes {
  clientId?: string | undefined;
  tenant?: string | undefined;
  authorityHost?: string | undefined;
}

const defaultAuthorityHost = 'https://login.microsoftonline.com';
const defaultScopes = ['openid', 'profile', 'email'];

/**
 * MSAL's settings: the server's (`GET /auth/config`), with `client-id`, `tenant` and `authority-host`
 * overriding them. Undefined when there is no client id at all. Without a server answer and a `tenant`,
 * the authority is `common` (MSAL's default).
 */
export function resolveMsalConfig(
  attributes: RegistrationAttributes,
  server: AuthConfig | undefined,
  redirectUri: string,
): AuthConfig | undefined {
  const clientId = attributes.clientId?.trim() || server?.clientId;
  if (!clientId) return undefined;
  const serverAuthority = server && parseUrl(server.authority);
  const serverHost = serverAuthority?.origin;
  const serverTenant = serverAuthority?.pathname.split('/')[1];
  const host = (attributes.authorityHost?.trim() || serverHost || defaultAuthorityHost).replace(/\/+$/, '');
  const tenant = attributes.tenant?.trim() || serverTenant || 'common';
  // The server's discovery metadata describes its own authority only.
  const sameAuthority = host === serverHost && tenant === serverTenant;
  return {
    clientId,
    authority: `${host}/${tenant}`,
    knownAuthorities: sameAuthority && server ? server.knownAuthorities : [parseUrl(host)?.host ?? host],
    ...(sameAuthority && server?.authorityMetadata && { authorityMetadata: server.authorityMetadata }),
    redirectUri,
    scopes: server?.scopes ?? defaultScopes,
  };
}

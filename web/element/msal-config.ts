// MSAL's settings for the element: the server's (GET /auth/config) with the element's attributes on top.
import {
  authorityUrl,
  defaultAuthorityHost,
  defaultTenantOf,
  graphOriginOf,
  isExternalIdHost,
  knownAuthoritiesOf,
} from '../../common/authority.ts';
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

const defaultScopes = ['openid', 'profile', 'email'];

/** An authority's origin and, when its path names one, its tenant (`https://contoso.ciamlogin.com/<tenant-id>`). */
interface AuthorityParts {
  host: string;
  tenant: string | undefined;
}

/** `authority-host` or the server's `authority`; a value that is no URL is kept as it is, for MSAL to refuse. */
function authorityParts(value: string): AuthorityParts {
  const url = parseUrl(value);
  if (!url) return { host: value.replace(/\/+$/, ''), tenant: undefined };
  return { host: url.origin, tenant: url.pathname.split('/')[1] || undefined };
}

const isExternalId = (host: string) => isExternalIdHost(parseUrl(host)?.hostname ?? '');

/**
 * MSAL's settings: the server's (`GET /auth/config`), with `client-id`, `tenant` and `authority-host`
 * overriding them. Undefined when there is no client id at all.
 *
 * `authority-host` is a Microsoft cloud (`https://login.microsoftonline.com`, `https://login.microsoftonline.us`,
 * `https://login.partner.microsoftonline.cn`), an External ID host (`https://contoso.ciamlogin.com`), or a
 * whole authority with its tenant in the path. `tenant` is a GUID, a domain (`contoso.onmicrosoft.com`),
 * `organizations`, `common` or `consumers`. Without either, the server's tenant (when the host is the
 * server's, or another cloud of the same tenant), else the host's own tenant for External ID, else `common`.
 * The authority's host always goes in `knownAuthorities`: MSAL then skips Microsoft's instance discovery,
 * which knows no External ID tenant.
 */
export function resolveMsalConfig(
  attributes: RegistrationAttributes,
  server: AuthConfig | undefined,
  redirectUri: string,
): AuthConfig | undefined {
  const clientId = attributes.clientId?.trim() || server?.clientId;
  if (!clientId) return undefined;
  const ofServer = server && authorityParts(server.authority);
  const named = attributes.authorityHost?.trim() ? authorityParts(attributes.authorityHost.trim()) : undefined;
  const host = named?.host ?? ofServer?.host ?? defaultAuthorityHost;
  // An External ID host is one tenant: the server's tenant belongs to another host.
  const serverTenant = host === ofServer?.host || !isExternalId(host) ? ofServer?.tenant : undefined;
  const tenant =
    attributes.tenant?.trim() || named?.tenant || serverTenant || defaultTenantOf(parseUrl(host)?.hostname ?? '');
  // The server's discovery metadata describes its own authority only.
  const sameAuthority = host === ofServer?.host && tenant.toLowerCase() === ofServer.tenant?.toLowerCase();
  const authority = authorityUrl(host, tenant);
  return {
    clientId,
    authority,
    knownAuthorities:
      sameAuthority && server ? server.knownAuthorities : parseUrl(host) ? knownAuthoritiesOf(authority) : [host],
    ...(sameAuthority && server?.authorityMetadata && { authorityMetadata: server.authorityMetadata }),
    redirectUri,
    scopes: server?.scopes ?? defaultScopes,
  };
}

/**
 * Where the element asks Microsoft Graph (the picture): the cloud's Graph, or, for a local authority (whose
 * endpoints come as `authorityMetadata`: server/routes/msal-settings.ts), that provider's origin, where the
 * development provider serves its Graph stand-in (docs/development-identity-provider.md).
 */
export function graphOriginFor(config: AuthConfig): string {
  if (!config.authorityMetadata) return graphOriginOf(config.authority);
  const { authorization_endpoint } = JSON.parse(config.authorityMetadata) as { authorization_endpoint: string };
  return new URL(authorization_endpoint).origin;
}

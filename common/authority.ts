// The one place that knows Microsoft's URL shapes: authorities, their discovery documents, issuers and MSAL's
// knownAuthorities, for every kind of account (workforce, personal, External ID, sovereign clouds).
// Pure and dependency-free: the server and the browser element both import it.

/** The worldwide cloud's authority host, the default of ENTRA_AUTHORITY_HOST and of the element. */
export const defaultAuthorityHost = 'https://login.microsoftonline.com';

/** The tenant of every personal Microsoft account (`consumers`): its `tid`, and its issuer's path. */
export const personalAccountsTenant = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** Tenant segments whose tokens come from many tenants: the token's `tid` names its own. */
export const multiTenantSegments = ['common', 'organizations'] as const;
export type MultiTenantSegment = (typeof multiTenantSegments)[number];

/** What Entra writes in a multi-tenant discovery document's `issuer` and keys' `issuer` for the token's `tid`. */
export const tenantIdPlaceholder = '{tenantid}';

/**
 * The v1 issuer host of each cloud's access tokens, by authority host (Microsoft's "token issuers for the
 * sovereign clouds"): Azure Government shares the worldwide `sts.windows.net`, 21Vianet has its own. Any other
 * authority (External ID's ciamlogin.com, a local one) uses the worldwide one unless ENTRA_V1_ISSUER_HOST says.
 */
const v1IssuerHosts: Record<string, string> = {
  'login.microsoftonline.com': 'https://sts.windows.net',
  'login.microsoftonline.us': 'https://sts.windows.net',
  'login.partner.microsoftonline.cn': 'https://sts.chinacloudapi.cn',
};

/**
 * Microsoft Graph's origin in each cloud, by authority host (Microsoft's "national cloud deployments"); the
 * worldwide one for any other authority (External ID's ciamlogin.com among them).
 */
const graphOrigins: Record<string, string> = {
  'login.microsoftonline.com': 'https://graph.microsoft.com',
  'login.microsoftonline.us': 'https://graph.microsoft.us',
  'login.partner.microsoftonline.cn': 'https://microsoftgraph.chinacloudapi.cn',
};

/** Microsoft Graph's origin for `authority`'s cloud. */
export const graphOriginOf = (authority: string): string =>
  graphOrigins[new URL(authority).hostname] ?? graphOrigins['login.microsoftonline.com']!;

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (value: string): boolean => guid.test(value);

// Entra External ID's hosts: `{subdomain}.ciamlogin.com` for authorities, `{tenant id}.ciamlogin.com` for issuers.
const externalIdHostSuffix = '.ciamlogin.com';

/** Whether a host name (no port) is one of Entra External ID's. */
export const isExternalIdHost = (hostname: string): boolean => hostname.toLowerCase().endsWith(externalIdHostSuffix);

/** Whether a host name is an External ID issuer's, `{tenant id}.ciamlogin.com`. */
export const isExternalIdIssuerHost = (hostname: string): boolean =>
  isExternalIdHost(hostname) && isGuid(hostname.slice(0, -externalIdHostSuffix.length));

/**
 * The tenant an authority host stands for when none is named: an External ID host is its own tenant
 * (`contoso.ciamlogin.com` → `contoso.onmicrosoft.com`, as MSAL reads it); any other, `common` (MSAL's default).
 */
export function defaultTenantOf(hostname: string): string {
  if (!isExternalIdHost(hostname)) return 'common';
  return `${hostname.slice(0, -externalIdHostSuffix.length)}.onmicrosoft.com`;
}

/** `https://login.microsoftonline.com` + `contoso.onmicrosoft.com` → the authority MSAL and the server use. */
export const authorityUrl = (host: string, tenant: string): string => `${host.replace(/\/+$/, '')}/${tenant}`;

/** The tenant segment of an authority: its first (only) path segment. */
export const tenantOfAuthority = (authority: string): string => new URL(authority).pathname.split('/')[1] ?? '';

/** Where an authority publishes `issuer` and `jwks_uri` (Microsoft's v2.0 OpenID Connect metadata). */
export const discoveryUrl = (authority: string): URL =>
  new URL(`${authority.replace(/\/+$/, '')}/v2.0/.well-known/openid-configuration`);

/**
 * MSAL's `knownAuthorities`: the authority's host, so MSAL trusts a host it has no built-in list for, and the
 * host of the discovery document's `issuer` when that differs. MSAL checks the issuer against these: an External
 * ID authority named by domain (`contoso.ciamlogin.com/contoso.onmicrosoft.com`) has its issuer on
 * `{tenant id}.ciamlogin.com`, which MSAL's own ciamlogin rule does not recognise.
 */
export function knownAuthoritiesOf(authority: string, issuer?: string): string[] {
  const hosts = [new URL(authority).host];
  const issuerUrl = issuer === undefined ? undefined : new URL(issuer);
  if (issuerUrl?.protocol === 'https:' && !hosts.includes(issuerUrl.host)) hosts.push(issuerUrl.host);
  return hosts;
}

/** The default v1 issuer host of access tokens from `authority`'s cloud. */
export const v1IssuerHostOf = (authority: string): string =>
  v1IssuerHosts[new URL(authority).hostname] ?? v1IssuerHosts['login.microsoftonline.com']!;

/** The v1 issuer of a tenant's access tokens: `{v1IssuerHost}/{tid}/` (with the trailing slash, as Entra writes it). */
export const v1IssuerOf = (v1IssuerHost: string, tid: string): string => `${v1IssuerHost}/${tid}/`;

/** A discovery document's `issuer` for one tenant: multi-tenant documents name `{tenantid}` instead. */
export const issuerForTenant = (issuer: string, tid: string): string => issuer.replaceAll(tenantIdPlaceholder, tid);

/**
 * The tenant id a single-tenant issuer names: the GUID path segment before `/v2.0`, whatever the host
 * (`https://login.microsoftonline.com/{tid}/v2.0`, External ID's `https://{tid}.ciamlogin.com/{tid}/v2.0`).
 */
export function tenantIdOfIssuer(issuer: string): string | undefined {
  const segments = new URL(issuer).pathname.split('/');
  const tid = segments.at(-2);
  return segments.at(-1) === 'v2.0' && tid !== undefined && isGuid(tid) ? tid.toLowerCase() : undefined;
}

/** MSAL's authority settings for the browser (`GET /auth/config`). */
export interface MsalAuthority {
  authority: string;
  knownAuthorities: string[];
  /** JSON string for MSAL's `auth.authorityMetadata`; only for a local (http) authority. */
  authorityMetadata?: string;
}

/**
 * MSAL's authority settings; `issuer` is the discovery document's, when known. MSAL 5 refuses an http authority, but takes an https one it never contacts when `knownAuthorities` lists its
 * host and `authorityMetadata` names the real endpoints (docs/msal.md). A local authority therefore gets a
 * placeholder https name under the reserved `.invalid` domain, with its real http endpoints.
 */
export function msalAuthority(authority: string, issuer?: string): MsalAuthority {
  if (new URL(authority).protocol === 'https:') {
    return { authority, knownAuthorities: knownAuthoritiesOf(authority, issuer) };
  }
  const placeholder = 'local-authority.invalid';
  const tenant = tenantOfAuthority(authority);
  // The tenant must be the first path segment of each endpoint, as in the authority: MSAL rewrites it.
  const endpoint = (path: string) => `${authority}/${path}`;
  return {
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

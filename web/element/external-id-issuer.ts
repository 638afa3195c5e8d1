// Entra External ID names its issuer by tenant ID (`https://<tenant-id>.ciamlogin.com/<tenant-id>/v2.0`) even for
// an authority named by domain (`https://contoso.ciamlogin.com/contoso.onmicrosoft.com`), and MSAL 5 then refuses
// the discovery document (`endpoints_resolution_error`) unless that issuer's host is in `knownAuthorities`
// (docs/msal.md, "Entra External ID"). Part of the lazily loaded chunk.
import {
  discoveryUrl,
  isExternalIdHost,
  isExternalIdIssuerHost,
  isGuid,
  tenantOfAuthority,
} from '../../common/authority.ts';
import type { AuthConfig } from './types.ts';

/** Whether MSAL needs the issuer's host: an External ID authority whose tenant is not its ID. */
export function needsIssuerHost(config: AuthConfig): boolean {
  if (config.authorityMetadata) return false; // MSAL runs no issuer check with metadata from its configuration
  // The server's GET /auth/config already lists its own External ID issuer's host.
  if (config.knownAuthorities.some(isExternalIdIssuerHost)) return false;
  try {
    return isExternalIdHost(new URL(config.authority).hostname) && !isGuid(tenantOfAuthority(config.authority));
  } catch {
    return false; // not a URL: MSAL refuses it with its own error
  }
}

/**
 * `config` with the issuer host of its External ID tenant in `knownAuthorities`, read from the tenant's discovery
 * document (the one MSAL reads next, `{authority}/v2.0/.well-known/openid-configuration`). Any other config, or
 * a document that cannot be read, is returned as it is: MSAL then reports the failure itself.
 * @example const config = await withExternalIdIssuerHost(resolved, fetch);
 */
export async function withExternalIdIssuerHost(
  config: AuthConfig,
  fetchDocument: (url: string) => Promise<Response> = (url) => fetch(url),
): Promise<AuthConfig> {
  if (!needsIssuerHost(config)) return config;
  try {
    const response = await fetchDocument(discoveryUrl(config.authority).href);
    const { issuer } = (await response.json()) as { issuer?: unknown };
    // Only Microsoft's own External ID issuer hosts, `{tenant id}.ciamlogin.com`, are ever added.
    const host = typeof issuer === 'string' ? new URL(issuer).host : '';
    if (!response.ok || !isExternalIdIssuerHost(host) || config.knownAuthorities.includes(host)) return config;
    return { ...config, knownAuthorities: [...config.knownAuthorities, host] };
  } catch {
    return config;
  }
}

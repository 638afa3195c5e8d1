import { describe, expect, it } from 'vitest';
import { withExternalIdIssuerHost } from './external-id-issuer.ts';
import { discoverWithMsal, discoveryDocument, microsoft } from './msal-discovery.fixtures.ts';
import type { AuthConfig } from './types.ts';

const tenantId = '6a3f1c2e-5b7d-4e8f-9a1b-2c3d4e5f6a7b';
const byDomain: AuthConfig = {
  clientId: '11111111-1111-1111-1111-111111111111',
  authority: 'https://contoso.ciamlogin.com/contoso.onmicrosoft.com',
  knownAuthorities: ['contoso.ciamlogin.com'],
  redirectUri: 'https://www.example.com/',
  scopes: ['openid', 'profile', 'email'],
};
const documentUrl = 'https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration';
// What Entra External ID answers for an authority named by domain: an issuer named by tenant ID.
const externalIdTenant = () =>
  microsoft({ [documentUrl]: discoveryDocument(`https://${tenantId}.ciamlogin.com/${tenantId}/v2.0`) });

describe('withExternalIdIssuerHost()', () => {
  it('lets MSAL accept an External ID tenant named by domain, which it otherwise refuses', async () => {
    const tenant = externalIdTenant();
    expect(await discoverWithMsal(byDomain, tenant.network)).toEqual({ errorCode: 'endpoints_resolution_error' });

    const config = await withExternalIdIssuerHost(byDomain, tenant.fetch);
    expect(config.knownAuthorities).toEqual(['contoso.ciamlogin.com', `${tenantId}.ciamlogin.com`]);
    expect(await discoverWithMsal(config, tenant.network)).toEqual({
      authorizationEndpoint: `https://${tenantId}.ciamlogin.com/${tenantId}/oauth2/v2.0/authorize`,
    });
  });

  it('fetches nothing for a tenant ID, a workforce tenant or a local authority with metadata', async () => {
    const tenant = externalIdTenant();
    const others: AuthConfig[] = [
      { ...byDomain, authority: `https://contoso.ciamlogin.com/${tenantId}` },
      { ...byDomain, authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com' },
      { ...byDomain, authorityMetadata: '{"issuer":"https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0"}' },
      { ...byDomain, authority: 'not a url' },
    ];
    for (const config of others) expect(await withExternalIdIssuerHost(config, tenant.fetch)).toBe(config);
    expect(tenant.fetched).toEqual([]);
  });

  it('trusts only a <tenant-id>.ciamlogin.com issuer host, and leaves failures to MSAL', async () => {
    const foreign = microsoft({ [documentUrl]: discoveryDocument('https://attacker.example/tenant/v2.0') });
    expect(await withExternalIdIssuerHost(byDomain, foreign.fetch)).toBe(byDomain);
    const missing = microsoft({});
    expect(await withExternalIdIssuerHost(byDomain, missing.fetch)).toBe(byDomain);
    const offline = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await withExternalIdIssuerHost(byDomain, offline)).toBe(byDomain);
  });
});

import { describe, expect, it } from 'vitest';
import { discoverWithMsal, discoveryDocument, microsoft } from './msal-discovery.fixtures.ts';
import type { AuthConfig } from './types.ts';
import { graphOriginFor, redirectUriFor, resolveMsalConfig } from './msal-config.ts';

const redirectUri = 'https://www.example.com/';
const entra: AuthConfig = {
  clientId: '11111111-1111-1111-1111-111111111111',
  authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com',
  knownAuthorities: ['login.microsoftonline.com'],
  redirectUri: '/redirect.html',
  scopes: ['openid', 'profile', 'email'],
};
const local: AuthConfig = {
  ...entra,
  authority: 'https://local-authority.invalid/3f1a6a2e-8c1b-4f5e-9a7d-2b6c4d8e0f11',
  knownAuthorities: ['local-authority.invalid'],
  authorityMetadata: '{"issuer":"https://local-authority.invalid/3f1a6a2e-8c1b-4f5e-9a7d-2b6c4d8e0f11/v2.0"}',
};

describe('resolveMsalConfig()', () => {
  it("uses the server's settings when the element names nothing (login-uri alone), with the page as redirect URI", () => {
    expect(resolveMsalConfig({}, entra, redirectUri)).toEqual({ ...entra, redirectUri });
    expect(resolveMsalConfig({}, local, redirectUri)).toEqual({ ...local, redirectUri });
  });

  it('lets client-id, tenant and authority-host override the server', () => {
    const config = resolveMsalConfig(
      {
        clientId: '22222222-2222-2222-2222-222222222222',
        tenant: 'organizations',
        authorityHost: 'https://login.microsoftonline.us/',
      },
      entra,
      redirectUri,
    );
    expect(config).toEqual({
      clientId: '22222222-2222-2222-2222-222222222222',
      authority: 'https://login.microsoftonline.us/organizations',
      knownAuthorities: ['login.microsoftonline.us'],
      redirectUri,
      scopes: entra.scopes,
    });
  });

  it("drops the server's discovery metadata once the authority is another one", () => {
    const config = resolveMsalConfig({ tenant: 'common' }, local, redirectUri);
    expect(config?.authority).toBe('https://local-authority.invalid/common');
    expect(config?.authorityMetadata).toBeUndefined();
    expect(
      resolveMsalConfig({ tenant: '3f1a6a2e-8c1b-4f5e-9a7d-2b6c4d8e0f11' }, local, redirectUri)?.authorityMetadata,
    ).toBe(local.authorityMetadata);
  });

  it('works from the attributes alone when the server has no GET /auth/config', () => {
    expect(
      resolveMsalConfig({ clientId: entra.clientId, tenant: 'contoso.onmicrosoft.com' }, undefined, redirectUri),
    ).toEqual({
      ...entra,
      redirectUri,
    });
    expect(resolveMsalConfig({ clientId: entra.clientId }, undefined, redirectUri)?.authority).toBe(
      'https://login.microsoftonline.com/common',
    );
  });

  it('has nothing to offer without a client id', () => {
    expect(resolveMsalConfig({ tenant: 'common' }, undefined, redirectUri)).toBeUndefined();
  });
});

describe('resolveMsalConfig(): each kind of Microsoft account, as MSAL then resolves it', () => {
  const tenantId = '6a3f1c2e-5b7d-4e8f-9a1b-2c3d4e5f6a7b';
  // Entra External ID: authority on the tenant's subdomain, issuer on its ID (docs/msal.md).
  const externalIdIssuer = `https://${tenantId}.ciamlogin.com/${tenantId}/v2.0`;
  const externalId: AuthConfig = {
    ...entra,
    authority: `https://contoso.ciamlogin.com/${tenantId}`,
    knownAuthorities: ['contoso.ciamlogin.com'],
  };
  const externalIdNetwork = () =>
    microsoft({
      [`https://contoso.ciamlogin.com/${tenantId}/v2.0/.well-known/openid-configuration`]:
        discoveryDocument(externalIdIssuer),
    });

  it('External ID from the server (ENTRA_AUTHORITY): its authority and ciamlogin host, which MSAL resolves', async () => {
    const config = resolveMsalConfig({}, externalId, redirectUri)!;
    expect(config).toEqual({ ...externalId, redirectUri });
    const network = externalIdNetwork();
    expect(await discoverWithMsal(config, network.network)).toEqual({
      authorizationEndpoint: `https://${tenantId}.ciamlogin.com/${tenantId}/oauth2/v2.0/authorize`,
    });
    // Only the tenant's own discovery document: no instance discovery at login.microsoftonline.com.
    expect(network.fetched).toEqual([
      `https://contoso.ciamlogin.com/${tenantId}/v2.0/.well-known/openid-configuration`,
    ]);
  });

  it('External ID from the attributes alone: a ciamlogin authority-host with the tenant ID, or the whole authority', async () => {
    const expected = { ...externalId, redirectUri };
    const byHost = { clientId: entra.clientId, authorityHost: 'https://contoso.ciamlogin.com/', tenant: tenantId };
    expect(resolveMsalConfig(byHost, undefined, redirectUri)).toEqual(expected);
    const whole = { clientId: entra.clientId, authorityHost: `https://contoso.ciamlogin.com/${tenantId}` };
    expect(resolveMsalConfig(whole, undefined, redirectUri)).toEqual(expected);
    expect(await discoverWithMsal(expected, externalIdNetwork().network)).not.toHaveProperty('errorCode');
  });

  it("an External ID host without a tenant is that host's own tenant, never the workforce server's nor common", () => {
    const workforce = { ...entra, authority: 'https://login.microsoftonline.com/0b1d5e0c-3f2a-4c6e-9d8b-7a5f4e3d2c1b' };
    const config = resolveMsalConfig({ authorityHost: 'https://contoso.ciamlogin.com' }, workforce, redirectUri);
    expect(config).toMatchObject({
      authority: 'https://contoso.ciamlogin.com/contoso.onmicrosoft.com',
      knownAuthorities: ['contoso.ciamlogin.com'],
    });
    expect(
      resolveMsalConfig(
        { clientId: entra.clientId, tenant: 'contoso.onmicrosoft.com', authorityHost: 'https://contoso.ciamlogin.com' },
        undefined,
        redirectUri,
      )?.authority,
    ).toBe('https://contoso.ciamlogin.com/contoso.onmicrosoft.com');
  });

  it('an External ID server with another tenant on its host: the named one, without the server metadata', () => {
    const local = { ...externalId, authorityMetadata: '{"issuer":"x"}' };
    const config = resolveMsalConfig({ tenant: 'contoso.onmicrosoft.com' }, local, redirectUri);
    expect(config).toMatchObject({
      authority: 'https://contoso.ciamlogin.com/contoso.onmicrosoft.com',
      knownAuthorities: ['contoso.ciamlogin.com'],
    });
    expect(config?.authorityMetadata).toBeUndefined();
  });

  it.each([
    ['consumers', 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0'],
    ['common', 'https://login.microsoftonline.com/{tenantid}/v2.0'],
    ['organizations', 'https://login.microsoftonline.com/{tenantid}/v2.0'],
  ])('personal and multi-tenant accounts: tenant=%s over a single-tenant server', async (tenant, issuer) => {
    const config = resolveMsalConfig({ tenant }, entra, redirectUri)!;
    expect(config).toEqual({ ...entra, authority: `https://login.microsoftonline.com/${tenant}`, redirectUri });
    const network = microsoft({
      [`https://login.microsoftonline.com/${tenant}/v2.0/.well-known/openid-configuration`]: discoveryDocument(issuer),
    });
    expect(await discoverWithMsal(config, network.network)).toEqual({
      authorizationEndpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`,
    });
  });

  it.each([
    ['https://login.microsoftonline.us', 'login.microsoftonline.us'],
    ['https://login.partner.microsoftonline.cn/', 'login.partner.microsoftonline.cn'],
  ])('a sovereign cloud, authority-host=%s: its host known, the tenant kept', async (authorityHost, host) => {
    const config = resolveMsalConfig({ authorityHost, tenant: tenantId }, entra, redirectUri)!;
    expect(config).toMatchObject({ authority: `https://${host}/${tenantId}`, knownAuthorities: [host] });
    expect(resolveMsalConfig({ authorityHost }, entra, redirectUri)?.authority).toBe(
      `https://${host}/contoso.onmicrosoft.com`,
    );
    const network = microsoft({
      [`https://${host}/${tenantId}/v2.0/.well-known/openid-configuration`]: discoveryDocument(
        `https://${host}/${tenantId}/v2.0`,
      ),
    });
    expect(await discoverWithMsal(config, network.network)).toEqual({
      authorizationEndpoint: `https://${host}/${tenantId}/oauth2/v2.0/authorize`,
    });
  });

  it("keeps the local server's metadata when the element names its tenant in another case", () => {
    const config = resolveMsalConfig({ tenant: '3F1A6A2E-8C1B-4F5E-9A7D-2B6C4D8E0F11' }, local, redirectUri);
    expect(config?.authorityMetadata).toBe(local.authorityMetadata);
    expect(config?.knownAuthorities).toEqual(['local-authority.invalid']);
  });
});

describe('redirectUriFor()', () => {
  it('is the page without its query and fragment, so one registered URI serves every visit', () => {
    expect(redirectUriFor(null, 'https://www.example.com/shop/cart?item=3#top')).toBe(
      'https://www.example.com/shop/cart',
    );
    expect(redirectUriFor(null, 'http://localhost:3001/')).toBe('http://localhost:3001/');
  });

  it('is the redirect-uri attribute when set, resolved against the page', () => {
    expect(redirectUriFor('/', 'https://www.example.com/shop/cart')).toBe('https://www.example.com/');
    expect(redirectUriFor('https://www.example.com/signin', 'https://www.example.com/x')).toBe(
      'https://www.example.com/signin',
    );
  });
});

describe('graphOriginFor()', () => {
  it("is the cloud's Microsoft Graph, or a local authority's own origin (the development provider's stand-in)", () => {
    expect(graphOriginFor(entra)).toBe('https://graph.microsoft.com');
    expect(graphOriginFor({ ...entra, authority: 'https://login.microsoftonline.us/contoso' })).toBe(
      'https://graph.microsoft.us',
    );
    expect(graphOriginFor({ ...entra, authority: 'https://login.partner.microsoftonline.cn/contoso' })).toBe(
      'https://microsoftgraph.chinacloudapi.cn',
    );
    expect(graphOriginFor({ ...entra, authority: 'https://contoso.ciamlogin.com/contoso.onmicrosoft.com' })).toBe(
      'https://graph.microsoft.com',
    );
    const metadata = JSON.stringify({ authorization_endpoint: 'http://localhost:3000/tid/oauth2/v2.0/authorize' });
    expect(graphOriginFor({ ...local, authorityMetadata: metadata })).toBe('http://localhost:3000');
  });
});

import { describe, expect, it } from 'vitest';
import type { AuthConfig } from './types.ts';
import { redirectUriFor, resolveMsalConfig } from './msal-config.ts';

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

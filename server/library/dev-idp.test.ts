import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkcePair } from '../dev-idp/test-server.ts';
import { startDevIdp, type StartedDevIdp } from './dev-idp.ts';

// startDevIdp() (ms-signin/dev-idp) over real HTTP: the offline provider a host app starts in its own development
// server, with the redirect URIs and users it is given. A whole browser sign-in through it: e2e/package.test.ts.
const page = 'http://localhost:3000/';
let idp: StartedDevIdp;

beforeAll(async () => {
  idp = await startDevIdp({
    redirectUris: [page],
    users: [
      { oid: '1b9e7a52-3c4d-4e5f-8a6b-7c8d9e0f1a2b', name: 'Grace Hopper', email: 'grace@contoso.test', roles: [] },
    ],
  });
});
afterAll(async () => {
  await idp?.close();
});

/** The account picker for a sign-in that would come back to `redirectUri`. */
function authorize(redirectUri: string) {
  const query = new URLSearchParams({
    client_id: idp.clientId,
    scope: 'openid profile',
    redirect_uri: redirectUri,
    response_mode: 'fragment',
    response_type: 'code',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    nonce: 'n',
    state: 's',
  });
  return fetch(`${idp.authority}/oauth2/v2.0/authorize?${query}`);
}

describe('startDevIdp()', () => {
  it('answers on localhost as an Entra authority: discovery with its issuer and keys', async () => {
    expect(idp.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(idp.authority).toBe(`${idp.url}/${idp.tenantId}`);
    const discovery = await (await fetch(`${idp.authority}/v2.0/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(`${idp.authority}/v2.0`);
    const keys = await (await fetch(discovery.jwks_uri)).json();
    expect(keys.keys.length).toBeGreaterThan(0);
  });

  it('offers the users it was given, for the redirect URIs it was given, and Entra’s AADSTS50011 for others', async () => {
    const picker = await authorize(page);
    expect(picker.status).toBe(200);
    expect(await picker.text()).toContain('Grace Hopper');
    const elsewhere = await (await authorize('http://localhost:3000/other.html')).text();
    expect(elsewhere).toContain('AADSTS50011');
  });

  it('needs the redirect URIs, and names the option that is wrong', async () => {
    await expect(startDevIdp({} as never)).rejects.toThrow(/^startDevIdp: options\.redirectUris must list/);
    await expect(startDevIdp({ redirectUris: ['not a url'] })).rejects.toThrow(/^startDevIdp: options\.redirectUris/);
    await expect(startDevIdp({ redirectUris: [page], port: -1 })).rejects.toThrow(/^startDevIdp: options\.port/);
  });

  it('never runs in production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(startDevIdp({ redirectUris: [page] })).rejects.toThrow(/never runs in production/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});

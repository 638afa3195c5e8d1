// The JWKS of each kind of tenant, over real HTTP: Entra's shape (x5c, x5t, issuer, no alg) and which keys sign what.
import { X509Certificate, createHash } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';
import type { DevUser } from './users.ts';

const personalTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';
let t: TestServer;
let adele: DevUser;
let pat: DevUser;
let diego: DevUser;
beforeAll(async () => {
  t = await startTestServer();
  adele = t.idp.users.find((user) => user.name === 'Adele Vance')!;
  pat = t.idp.users.find((user) => user.kind === 'personal')!;
  diego = t.idp.users.find((user) => user.kind === 'external-id')!;
});
afterAll(() => t.close());

interface Jwk {
  kty: string;
  use: string;
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
  issuer: string;
  alg?: string;
}
const jwks = async (tenant: string): Promise<Jwk[]> => {
  const response = await fetch(t.endpoint('/discovery/v2.0/keys', tenant));
  expect(response.status).toBe(200);
  return (await response.json()).keys;
};

describe('JWKS', () => {
  it('publishes keys shaped like Entra’s: no alg, kid = x5t, and a certificate of the very key', async () => {
    const keys = await jwks('common');
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(['e', 'issuer', 'kid', 'kty', 'n', 'use', 'x5c', 'x5t']);
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', e: 'AQAB' });
      expect(key).not.toHaveProperty('alg');
      const der = Buffer.from(key.x5c[0]!, 'base64');
      const certificate = new X509Certificate(der);
      // The certificate's public key is the JWK's n/e, it is self-signed, and x5t is its SHA-1 thumbprint.
      expect(certificate.publicKey.export({ format: 'jwk' })).toEqual({ kty: 'RSA', n: key.n, e: key.e });
      expect(certificate.verify(certificate.publicKey)).toBe(true);
      expect(key.x5t).toBe(createHash('sha1').update(der).digest('base64url'));
      expect(key.kid).toBe(key.x5t);
    }
  });

  it('common: work keys with {tenantid}, the personal key with its fixed 9188040d… issuer', async () => {
    const keys = await jwks('common');
    const issuers = keys.map((key) => key.issuer);
    expect(issuers.filter((issuer) => issuer === `${t.baseUrl}/{tenantid}/v2.0`)).toHaveLength(2);
    expect(issuers.filter((issuer) => issuer === `${t.baseUrl}/${personalTenantId}/v2.0`)).toHaveLength(1);
    const personal = keys.find((key) => key.issuer.includes(personalTenantId))!;
    expect(new X509Certificate(Buffer.from(personal.x5c[0]!, 'base64')).subject).toBe(
      'CN=Live ID STS Signing Public Key',
    );
  });

  it('organizations: work keys only; consumers: the personal key only; a tenant: its keys with its issuer', async () => {
    expect((await jwks('organizations')).map((key) => key.issuer)).toEqual([
      `${t.baseUrl}/{tenantid}/v2.0`,
      `${t.baseUrl}/{tenantid}/v2.0`,
    ]);
    expect((await jwks('consumers')).map((key) => key.issuer)).toEqual([t.idp.personalIssuer]);
    expect((await jwks(t.idp.tenantId)).map((key) => key.issuer)).toEqual([t.idp.issuer, t.idp.issuer]);
    expect((await jwks(t.idp.tenantDomain)).map((key) => key.issuer)).toEqual([t.idp.issuer, t.idp.issuer]);
    const external = await jwks(t.idp.externalTenantId);
    expect(external.map((key) => key.issuer)).toEqual([t.idp.externalIssuer]);
    const workKids = (await jwks('common')).map((key) => key.kid);
    expect(workKids).not.toContain(external[0]!.kid); // External ID has its own key
  });

  it('signs each kind of account with its own key; the key issuer rule holds for every token', async () => {
    const common = await jwks('common');
    for (const [user, tenant] of [
      [adele, 'common'],
      [pat, 'consumers'],
      [diego, t.idp.externalTenantId],
    ] as const) {
      const token = await t.idp.signIdToken(user, { nonce: 'n-1' });
      const { kid } = decodeProtectedHeader(token);
      const keys = await jwks(tenant);
      const key = keys.find((candidate) => candidate.kid === kid)!;
      const claims = decodeJwt(token);
      // Microsoft's multi-tenant recipe: the key's issuer, {tenantid} replaced by tid, equals iss.
      expect(key.issuer.replace('{tenantid}', String(claims.tid))).toBe(claims.iss);
      await jwtVerify(token, createLocalJWKSet({ keys }), {
        issuer: key.issuer.replace('{tenantid}', String(claims.tid)),
      });
    }
    // The personal key signs personal-account tokens only, and a work token is not signed by it.
    const personalKid = common.find((key) => key.issuer === t.idp.personalIssuer)!.kid;
    expect(decodeProtectedHeader(await t.idp.signIdToken(adele)).kid).not.toBe(personalKid);
    expect(decodeProtectedHeader(await t.idp.signIdToken(pat)).kid).toBe(personalKid);
    expect(decodeJwt(await t.idp.signIdToken(pat))).toMatchObject({
      tid: personalTenantId,
      iss: t.idp.personalIssuer,
    });
  });
});

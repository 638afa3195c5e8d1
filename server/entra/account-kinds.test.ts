import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientId,
  createSigningKey,
  type EntraSigner,
  otherTenantId,
  type SigningKeyPair,
  startEntraSigner,
  tenantDomain,
  tenantId,
} from '../../test/support/entra-signer.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';
import { personalAccountsTenant } from '../../common/authority.ts';

// Every kind of Microsoft account, each from a stand-in that answers as that kind's Entra does: under its real
// host (requests for it reach the stand-in over HTTP), its discovery document, its issuer shape, its keys.
// A sign-in is accepted, and the near misses of another kind are refused (docs/entra.md, "Use your own Microsoft
// Entra tenant").

const worldwide = 'https://login.microsoftonline.com';
const personalIssuer = `${worldwide}/${personalAccountsTenant}/v2.0`;
const personalUser = { tid: personalAccountsTenant, iss: personalIssuer, oid: '00000000-0000-0000-66f3-3332eca7ea81' };

type SignIn = (claims: Record<string, unknown>, key?: SigningKeyPair) => Promise<{ status: number; error?: string }>;

async function withApp(
  signer: EntraSigner,
  env: Record<string, string>,
  run: (signIn: SignIn, app: TestApp) => Promise<void>,
) {
  const app = await startTestApp(signer, env);
  try {
    await run(async (claims, key) => {
      const { nonce, cookie } = await app.getNonce();
      const token = await signer.sign(signer.idTokenClaims({ nonce, ...claims }), { key });
      const response = await app.postIdToken({ id_token: token }, { Cookie: cookie });
      const body = (await response.json()) as { error?: string };
      return { status: response.status, error: body.error };
    }, app);
  } finally {
    await app.close();
  }
}

const refused = (error: string) => ({ status: 401, error });

describe('the worldwide cloud: workforce tenants and personal accounts', () => {
  let signer: EntraSigner;
  // Entra's multi-tenant key set holds keys for any tenant ({tenantid}) and keys for personal accounts only.
  let personalKey: SigningKeyPair;
  beforeAll(async () => {
    signer = await startEntraSigner({ publicOrigin: worldwide });
    personalKey = await createSigningKey('personal-accounts-key');
    signer.state.keys.push({ ...personalKey.publicJwk, issuer: personalIssuer });
    // Entra's keys name no `alg` and carry their certificate's thumbprint (`x5t`): the server must not need one.
    for (const key of signer.state.keys) {
      delete key.alg;
      key.x5t = Buffer.from(`thumbprint of ${key.kid}`).toString('base64url');
    }
  });
  afterAll(() => signer.close());

  it('one tenant by GUID or domain: its members only, with its own issuer', async () => {
    for (const tenant of [tenantId, tenantDomain]) {
      await withApp(signer, { ENTRA_TENANT_ID: tenant, ENTRA_AUTHORITY_HOST: worldwide }, async (signIn) => {
        expect((await signIn({})).status).toBe(200);
        expect(await signIn(personalUser, personalKey)).toEqual(refused('tenant_not_allowed'));
        expect(await signIn({ tid: otherTenantId, iss: signer.issuerOf(otherTenantId) })).toEqual(
          refused('tenant_not_allowed'),
        );
        // The issuer of another kind: External ID's, for the same tenant.
        expect(await signIn({ iss: `https://${tenantId}.ciamlogin.com/${tenantId}/v2.0` })).toEqual(
          refused('issuer_invalid'),
        );
      });
    }
  });

  it('organizations with an allow-list: the listed work tenants, never a personal account', async () => {
    const env = { ENTRA_TENANT_ID: 'organizations', ENTRA_ALLOWED_TENANTS: tenantId, ENTRA_AUTHORITY_HOST: worldwide };
    await withApp(signer, env, async (signIn) => {
      expect((await signIn({})).status).toBe(200);
      expect(await signIn({ tid: otherTenantId, iss: signer.issuerOf(otherTenantId) })).toEqual(
        refused('tenant_not_allowed'),
      );
      expect(await signIn(personalUser, personalKey)).toEqual(refused('tenant_not_allowed'));
    });
  });

  it('common: work accounts and personal accounts, each with its own issuer and keys', async () => {
    await withApp(signer, { ENTRA_TENANT_ID: 'common', ENTRA_AUTHORITY_HOST: worldwide }, async (signIn) => {
      expect((await signIn({})).status).toBe(200);
      expect((await signIn({ tid: otherTenantId, iss: signer.issuerOf(otherTenantId) })).status).toBe(200);
      expect((await signIn(personalUser, personalKey)).status).toBe(200);
      // The key-issuer rule: the personal accounts' key never signs for a work tenant.
      expect(await signIn({}, personalKey)).toEqual(refused('issuer_invalid'));
      // A tenant's issuer must name that tenant.
      expect(await signIn({ ...personalUser, iss: signer.issuerOf(tenantId) }, personalKey)).toEqual(
        refused('issuer_invalid'),
      );
    });
  });

  it('consumers: personal accounts only, issued by the 9188040d tenant', async () => {
    await withApp(signer, { ENTRA_TENANT_ID: 'consumers', ENTRA_AUTHORITY_HOST: worldwide }, async (signIn, app) => {
      expect((await signIn(personalUser, personalKey)).status).toBe(200);
      expect(await signIn({})).toEqual(refused('tenant_not_allowed'));
      const settings = await (await fetch(`${app.url}/auth/config`)).json();
      expect(settings).toMatchObject({
        authority: `${worldwide}/consumers`,
        knownAuthorities: ['login.microsoftonline.com'],
      });
    });
  });

  it('reads the discovery document once for many sign-ins', async () => {
    const before = signer.state.discoveryRequests;
    await withApp(signer, { ENTRA_TENANT_ID: tenantId, ENTRA_AUTHORITY_HOST: worldwide }, async (signIn) => {
      for (let i = 0; i < 5; i += 1) expect((await signIn({})).status).toBe(200);
    });
    expect(signer.state.discoveryRequests - before).toBe(1);
  });

  it('answers 503 while the discovery document is unavailable, and recovers without a restart', async () => {
    signer.state.discovery = 'down';
    try {
      await withApp(signer, { ENTRA_TENANT_ID: tenantId, ENTRA_AUTHORITY_HOST: worldwide }, async (signIn) => {
        expect(await signIn({})).toEqual({ status: 503, error: 'idp_unavailable' });
        signer.state.discovery = 'ok';
        expect((await signIn({})).status).toBe(200);
      });
    } finally {
      signer.state.discovery = 'ok';
    }
  });
});

describe('Entra External ID (ciamlogin.com): the issuer is on another host than the authority', () => {
  let signer: EntraSigner;
  const authorityHost = 'https://contoso.ciamlogin.com';
  beforeAll(async () => {
    signer = await startEntraSigner({
      publicOrigin: authorityHost,
      issuerOrigin: (tid) => `https://${tid}.ciamlogin.com`,
    });
  });
  afterAll(() => signer.close());

  const externalIdEnv = (tenant: string) => ({
    ENTRA_AUTHORITY: `${authorityHost}/${tenant}`,
    ENTRA_TENANT_ID: '',
    ENTRA_AUTHORITY_HOST: '',
  });

  it('accepts the tokens of its tenant, by GUID or domain, with the issuer of its discovery document', async () => {
    for (const tenant of [tenantId, tenantDomain]) {
      await withApp(signer, externalIdEnv(tenant), async (signIn) => {
        expect((await signIn({})).status).toBe(200);
        // The issuer a {host}/{tid}/v2.0 rule would build, and the workforce one: not External ID's.
        expect(await signIn({ iss: `${authorityHost}/${tenantId}/v2.0` })).toEqual(refused('issuer_invalid'));
        expect(await signIn({ iss: `${worldwide}/${tenantId}/v2.0` })).toEqual(refused('issuer_invalid'));
      });
    }
  });

  it('gives the element its authority, with the authority’s and the issuer’s hosts for knownAuthorities', async () => {
    // MSAL checks the discovery document's issuer against these hosts: by domain, its own ciamlogin rule fails.
    for (const tenant of [tenantId, tenantDomain]) {
      await withApp(signer, externalIdEnv(tenant), async (_signIn, app) => {
        const settings = await (await fetch(`${app.url}/auth/config`)).json();
        expect(settings).toEqual({
          clientId,
          authority: `${authorityHost}/${tenant}`,
          knownAuthorities: ['contoso.ciamlogin.com', `${tenantId}.ciamlogin.com`],
          redirectUri: '/redirect.html',
          scopes: ['openid', 'profile', 'email'],
        });
      });
    }
  });

  it('is refused by a workforce authority of the same tenant', async () => {
    const workforce = await startEntraSigner({ publicOrigin: worldwide });
    try {
      await withApp(workforce, { ENTRA_TENANT_ID: tenantId, ENTRA_AUTHORITY_HOST: worldwide }, async (signIn) => {
        expect(await signIn({ iss: signer.issuerOf(tenantId) })).toEqual(refused('issuer_invalid'));
      });
    } finally {
      await workforce.close();
    }
  });
});

describe('sovereign clouds: their own hosts and v1 issuers', () => {
  const clouds = [
    { host: 'https://login.microsoftonline.us', v1: 'https://sts.windows.net' },
    { host: 'https://login.partner.microsoftonline.cn', v1: 'https://sts.chinacloudapi.cn' },
  ];

  for (const cloud of clouds) {
    it(`${new URL(cloud.host).hostname}: its issuer, its v1 access tokens, its knownAuthorities`, async () => {
      const signer = await startEntraSigner({ publicOrigin: cloud.host });
      try {
        await withApp(signer, { ENTRA_AUTHORITY_HOST: cloud.host }, async (signIn, app) => {
          expect((await signIn({})).status).toBe(200);
          expect(await signIn({ iss: `${worldwide}/${tenantId}/v2.0` })).toEqual(refused('issuer_invalid'));

          const me = async (claims: Record<string, unknown>) =>
            (await fetch(`${app.url}/api/me`, { headers: { Authorization: await app.bearer(claims, '1.0') } })).status;
          expect(await me({ iss: `${cloud.v1}/${tenantId}/` })).toBe(200);
          const otherV1 =
            cloud.v1 === 'https://sts.windows.net' ? 'https://sts.chinacloudapi.cn' : 'https://sts.windows.net';
          expect(await me({ iss: `${otherV1}/${tenantId}/` })).toBe(401);

          const settings = await (await fetch(`${app.url}/auth/config`)).json();
          expect(settings).toMatchObject({
            authority: `${cloud.host}/${tenantId}`,
            knownAuthorities: [new URL(cloud.host).host],
          });
        });
      } finally {
        await signer.close();
      }
    });
  }
});

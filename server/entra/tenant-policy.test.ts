import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EntraSigner,
  otherTenantId,
  startEntraSigner,
  tenantDomain,
  tenantId,
} from '../../test/support/entra-signer.ts';
import { startTestApp } from '../../test/support/test-app.ts';
import { personalAccountsTenant } from '../../common/authority.ts';

// Tenant rules (SECURITY.md C2–C4) through the sign-in endpoint, for each ENTRA_TENANT_ID shape.
let signer: EntraSigner;
beforeAll(async () => {
  signer = await startEntraSigner();
});
afterAll(() => signer.close());

async function withApp(
  env: Record<string, string>,
  run: (signIn: (claims: Record<string, unknown>) => Promise<{ status: number; error?: string }>) => Promise<void>,
) {
  const app = await startTestApp(signer, env);
  try {
    await run(async (claims) => {
      const { nonce, cookie } = await app.getNonce();
      const response = await app.postIdToken(
        { id_token: await signer.sign(signer.idTokenClaims({ nonce, ...claims })) },
        { Cookie: cookie },
      );
      const body = (await response.json()) as { error?: string };
      return { status: response.status, error: body.error };
    });
  } finally {
    await app.close();
  }
}

const issuerOf = (tid: string) => `${signer.authority}/${tid}/v2.0`;

describe('multi-tenant (organizations, common)', () => {
  it('accepts any tenant whose iss names its own tid', async () => {
    await withApp({ ENTRA_TENANT_ID: 'organizations' }, async (signIn) => {
      expect((await signIn({})).status).toBe(200);
      expect((await signIn({ tid: otherTenantId, iss: issuerOf(otherTenantId) })).status).toBe(200);
    });
  });

  it('refuses a tid that differs from the tenant in iss, or is not a GUID (C2)', async () => {
    await withApp({ ENTRA_TENANT_ID: 'common' }, async (signIn) => {
      expect(await signIn({ iss: issuerOf(tenantId), tid: otherTenantId })).toEqual({
        status: 401,
        error: 'issuer_invalid',
      });
      for (const tid of ['', '../x', 'not-a-guid', 42, undefined]) {
        expect((await signIn({ tid, iss: issuerOf(String(tid)) })).status).toBe(401);
      }
    });
  });

  it('refuses a tenant outside ENTRA_ALLOWED_TENANTS', async () => {
    await withApp({ ENTRA_TENANT_ID: 'organizations', ENTRA_ALLOWED_TENANTS: tenantId }, async (signIn) => {
      expect((await signIn({})).status).toBe(200);
      expect(await signIn({ tid: otherTenantId, iss: issuerOf(otherTenantId) })).toEqual({
        status: 401,
        error: 'tenant_not_allowed',
      });
    });
  });

  it('refuses personal accounts under organizations', async () => {
    await withApp({ ENTRA_TENANT_ID: 'organizations' }, async (signIn) => {
      const result = await signIn({ tid: personalAccountsTenant, iss: issuerOf(personalAccountsTenant) });
      expect(result).toEqual({ status: 401, error: 'tenant_not_allowed' });
    });
  });

  it('refuses a token signed by a key whose issuer names another tenant (C3)', async () => {
    const [published] = signer.state.keys;
    published!.issuer = issuerOf(otherTenantId);
    try {
      await withApp({ ENTRA_TENANT_ID: 'common' }, async (signIn) => {
        expect(await signIn({})).toEqual({ status: 401, error: 'issuer_invalid' });
        expect((await signIn({ tid: otherTenantId, iss: issuerOf(otherTenantId) })).status).toBe(200);
      });
    } finally {
      published!.issuer = `${signer.authority}/{tenantid}/v2.0`;
    }
  });
});

describe('single tenant', () => {
  it('refuses a correctly signed token of another tenant (C4)', async () => {
    await withApp({}, async (signIn) => {
      expect((await signIn({ tid: otherTenantId, iss: issuerOf(otherTenantId) })).status).toBe(401);
      expect((await signIn({ tid: otherTenantId })).status).toBe(401);
    });
  });

  it('learns the GUID of a tenant configured by domain from its discovery document', async () => {
    await withApp({ ENTRA_TENANT_ID: tenantDomain }, async (signIn) => {
      expect((await signIn({})).status).toBe(200);
      expect((await signIn({ tid: otherTenantId, iss: issuerOf(otherTenantId) })).status).toBe(401);
    });
  });
});

// Discovery documents of each kind of tenant, over real HTTP, compared field for field with Entra's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

const personalTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const discovery = async (tenant: string) => {
  const response = await fetch(t.endpoint('/v2.0/.well-known/openid-configuration', tenant));
  expect(response.status).toBe(200);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  return response.json();
};

/** The endpoints of a discovery document under `segment`, as Entra writes them. */
const endpointsUnder = (segment: string) => ({
  authorization_endpoint: t.endpoint('/oauth2/v2.0/authorize', segment),
  token_endpoint: t.endpoint('/oauth2/v2.0/token', segment),
  end_session_endpoint: t.endpoint('/oauth2/v2.0/logout', segment),
  jwks_uri: t.endpoint('/discovery/v2.0/keys', segment),
  device_authorization_endpoint: t.endpoint('/oauth2/v2.0/devicecode', segment),
  kerberos_endpoint: t.endpoint('/kerberos', segment),
});

describe('discovery documents', () => {
  it('has exactly the fields of Entra’s v2.0 document (login.microsoftonline.com/common, 2026)', async () => {
    const doc = await discovery('common');
    expect(Object.keys(doc).sort()).toEqual(
      [
        'token_endpoint',
        'token_endpoint_auth_methods_supported',
        'jwks_uri',
        'response_modes_supported',
        'subject_types_supported',
        'id_token_signing_alg_values_supported',
        'response_types_supported',
        'scopes_supported',
        'issuer',
        'request_uri_parameter_supported',
        'userinfo_endpoint',
        'authorization_endpoint',
        'device_authorization_endpoint',
        'http_logout_supported',
        'frontchannel_logout_supported',
        'end_session_endpoint',
        'claims_supported',
        'kerberos_endpoint',
        'tenant_region_scope',
        'cloud_instance_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'rbac_url',
      ].sort(),
    );
    expect(doc).toMatchObject({
      response_modes_supported: ['query', 'fragment', 'form_post'],
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['pairwise'],
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      cloud_instance_name: 'microsoftonline.com',
      msgraph_host: 'graph.microsoft.com',
      tenant_region_scope: null,
    });
  });

  it('workforce tenant: its own issuer and a region', async () => {
    const doc = await discovery(t.idp.tenantId);
    expect(doc).toMatchObject({
      issuer: `${t.baseUrl}/${t.idp.tenantId}/v2.0`,
      ...endpointsUnder(t.idp.tenantId),
      tenant_region_scope: 'EU',
    });
  });

  it('workforce tenant by its domain name: the same document, GUID issuer and GUID endpoints (as Entra)', async () => {
    for (const segment of [t.idp.tenantDomain, t.idp.tenantDomain.toUpperCase()]) {
      const doc = await discovery(segment);
      expect(doc).toEqual(await discovery(t.idp.tenantId));
    }
    expect(t.idp.tenantDomain).toBe('contoso.onmicrosoft.com');
  });

  it('common and organizations: the {tenantid} issuer template', async () => {
    for (const tenant of ['common', 'organizations']) {
      const doc = await discovery(tenant);
      expect(doc).toMatchObject({ issuer: `${t.baseUrl}/{tenantid}/v2.0`, ...endpointsUnder(tenant) });
    }
  });

  it('consumers: the fixed personal-account issuer 9188040d…', async () => {
    const doc = await discovery('consumers');
    expect(doc).toMatchObject({ issuer: `${t.baseUrl}/${personalTenantId}/v2.0`, ...endpointsUnder('consumers') });
    expect(t.idp.personalIssuer).toBe(doc.issuer);
    expect((await discovery(personalTenantId)).issuer).toBe(doc.issuer);
  });

  it('External ID: endpoints on the authority host, the issuer on another host (as {tid}.ciamlogin.com)', async () => {
    const tid = t.idp.externalTenantId;
    const doc = await discovery(tid);
    const port = new URL(t.baseUrl).port;
    expect(doc).toMatchObject({
      issuer: `http://${tid}.localhost:${port}/${tid}/v2.0`,
      ...endpointsUnder(tid),
      cloud_instance_name: 'ciamlogin.com',
      tenant_region_scope: 'EU',
    });
    expect(new URL(doc.issuer).host).not.toBe(new URL(doc.authorization_endpoint).host);
    expect(t.idp.externalIssuer).toBe(doc.issuer);
  });

  it('answers an unknown tenant with Entra’s 400 invalid_tenant (AADSTS90002), on every endpoint', async () => {
    const response = await fetch(
      `${t.baseUrl}/fabrikam.onmicrosoft.com/v2.0/.well-known/openid-configuration?client-request-id=req-9`,
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({
      error: 'invalid_tenant',
      error_codes: [90002],
      correlation_id: 'req-9',
      error_uri: `${t.baseUrl}/error?code=90002`,
    });
    expect(body.error_description).toMatch(/^AADSTS90002: Tenant 'fabrikam\.onmicrosoft\.com' not found\./);
    const authorize = await fetch(`${t.endpoint('/oauth2/v2.0/authorize', 'fabrikam')}?${t.authorizeParams()}`);
    expect(authorize.status).toBe(400);
    // error_uri leads to a page naming the code, as Entra's does.
    const errorPage = await fetch(body.error_uri);
    expect(errorPage.status).toBe(200);
    expect(await errorPage.text()).toContain('<h1>AADSTS90002</h1>');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tenantId } from '../../test/support/entra-signer.ts';
import { type RunningServer, serveOnEphemeralPort } from '../../test/support/http.ts';
import { ProviderUnavailableError } from '../errors.ts';
import { createAuthorityMetadata } from './authority-metadata.ts';

// The authority's discovery document over real HTTP: what is taken from it, what is refused, how it is cached.
// Through sign-ins, for every kind of account: account-kinds.test.ts.
let server: RunningServer & { setHandler(handler: (request: Request) => Response | Promise<Response>): void };
let requests = 0;
let document: unknown;
beforeAll(async () => {
  server = await serveOnEphemeralPort(() => {
    requests += 1;
    return Response.json(document);
  });
});
afterAll(() => server.close());
afterEach(() => {
  vi.useRealTimers();
});

const authorityOf = (tenant: string) => `${server.url}/${tenant}`;
const issuerOf = (tid: string) => `${server.url}/${tid}/v2.0`;
const jwksUri = () => `${server.url}/${tenantId}/discovery/v2.0/keys`;

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(ProviderUnavailableError);
  return error as ProviderUnavailableError;
}

describe('createAuthorityMetadata()', () => {
  it('takes the issuer and the keys’ address, and the tenant the issuer names', async () => {
    document = { issuer: issuerOf(tenantId), jwks_uri: jwksUri() };
    const metadata = await createAuthorityMetadata(authorityOf('contoso.onmicrosoft.com'), { multiTenant: false })();
    expect(metadata).toEqual({ issuer: issuerOf(tenantId), tenantId, jwksUri: new URL(jwksUri()) });
  });

  it('refuses a document that would make every token fail or trust the wrong thing', async () => {
    const cases: Array<[unknown, string, boolean]> = [
      // A tenant configured by GUID, and a document about another one.
      [{ issuer: issuerOf('a7e5c3b1-2d4f-4e6a-8b0c-1d3f5a7c9e2b'), jwks_uri: jwksUri() }, tenantId, false],
      // A single-tenant document naming no tenant, or `{tenantid}`.
      [{ issuer: `${server.url}/v2.0`, jwks_uri: jwksUri() }, tenantId, false],
      [{ issuer: issuerOf('{tenantid}'), jwks_uri: jwksUri() }, 'consumers', false],
      // A multi-tenant document naming one tenant.
      [{ issuer: issuerOf(tenantId), jwks_uri: jwksUri() }, 'common', true],
      // Missing or malformed fields.
      [{ issuer: issuerOf(tenantId) }, tenantId, false],
      [{ jwks_uri: jwksUri() }, tenantId, false],
      [{ issuer: 42, jwks_uri: jwksUri() }, tenantId, false],
      [{ issuer: issuerOf(tenantId), jwks_uri: 'not a url' }, tenantId, false],
      [null, tenantId, false],
      ['<html>', tenantId, false],
    ];
    for (const [body, tenant, multiTenant] of cases) {
      document = body;
      await refusal(createAuthorityMetadata(authorityOf(tenant), { multiTenant })());
    }
  });

  it('asks for https everywhere in the document of an https authority', async () => {
    // An https authority reached through a local stand-in: the document names an http key address.
    const local = (input: string | URL | Request, init?: RequestInit) =>
      fetch(String(input).replace('https://login.microsoftonline.com', server.url), init);
    document = { issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`, jwks_uri: jwksUri() };
    const metadata = createAuthorityMetadata(`https://login.microsoftonline.com/${tenantId}`, {
      multiTenant: false,
      fetch: local as typeof fetch,
    });
    await refusal(metadata());
  });

  it('reads the document once for concurrent callers, again after a failure, and keeps the last good one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    document = { issuer: issuerOf(tenantId), jwks_uri: jwksUri() };
    const metadata = createAuthorityMetadata(authorityOf(tenantId), { multiTenant: false, maxAge: 60_000 });
    const before = requests;
    const results = await Promise.all(Array.from({ length: 20 }, () => metadata()));
    expect(new Set(results.map((result) => result.issuer))).toEqual(new Set([issuerOf(tenantId)]));
    expect(requests - before).toBe(1);

    // Past maxAge the document is read again; while that read fails, the last good one is used.
    vi.setSystemTime(Date.now() + 61_000);
    document = null;
    expect((await metadata()).issuer).toBe(issuerOf(tenantId));
    expect(requests - before).toBe(2);

    // A fresh source has nothing to fall back on: the failure is a 503, and the next call reads again.
    const fresh = createAuthorityMetadata(authorityOf(tenantId), { multiTenant: false });
    await refusal(fresh());
    document = { issuer: issuerOf(tenantId), jwks_uri: jwksUri() };
    expect((await fresh()).tenantId).toBe(tenantId);
  });
});

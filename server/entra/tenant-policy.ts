// Which tenants' tokens are accepted, and the issuer each tenant's tokens must carry.
import { type Config, isGuid, personalAccountsTenant } from '../config.ts';
import { AuthError, ProviderUnavailableError } from '../errors.ts';

export interface TenantPolicy {
  /** The token's tenant id once it is known to be acceptable; throws an {@link AuthError} otherwise. */
  acceptedTenant(tid: unknown): Promise<string>;
  /** Where the configured tenant's (or the multi-tenant) signing keys are published. */
  jwksUri: URL;
}

/** The v2 issuer of a tenant: `{authorityHost}/{tid}/v2.0`. */
export const issuerOf = (authorityHost: string, tid: string): string => `${authorityHost}/${tid}/v2.0`;

/** Builds the tenant rules of `config` once, so the request path only compares strings. */
export function createTenantPolicy(config: Pick<Config, 'tenant' | 'authorityHost'>): TenantPolicy {
  const { tenant, authorityHost } = config;
  const jwksUri = new URL(`${authorityHost}/${tenant.tenant}/discovery/v2.0/keys`);

  if (tenant.kind === 'multi') {
    return {
      jwksUri,
      async acceptedTenant(tid) {
        // Microsoft's multi-tenant recipe: `tid` must be a GUID before it is spliced into an issuer.
        if (typeof tid !== 'string' || !isGuid(tid)) throw invalidTenant();
        const id = tid.toLowerCase();
        if (tenant.tenant === 'organizations' && id === personalAccountsTenant) throw tenantNotAllowed();
        if (tenant.allowed.size > 0 && !tenant.allowed.has(id)) throw tenantNotAllowed();
        return tid;
      },
    };
  }

  const resolveTenantId = isGuid(tenant.tenant)
    ? () => Promise.resolve(tenant.tenant)
    : cachedTenantIdOfDomain(authorityHost, tenant.tenant);
  return {
    jwksUri,
    async acceptedTenant(tid) {
      const expected = await resolveTenantId();
      if (typeof tid !== 'string' || tid.toLowerCase() !== expected.toLowerCase()) throw tenantNotAllowed();
      return tid;
    },
  };
}

const invalidTenant = () => new AuthError('tenant_not_allowed', 'The token’s tenant is not valid.');
const tenantNotAllowed = () =>
  new AuthError('tenant_not_allowed', 'Accounts of this organization cannot sign in here.');

/**
 * A tenant configured by domain (`contoso.onmicrosoft.com`) signs with its GUID in `iss` and `tid`; the
 * discovery document tells which GUID. Fetched once; a failure is retried on the next sign-in.
 */
function cachedTenantIdOfDomain(authorityHost: string, domain: string): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= fetchTenantId(authorityHost, domain).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

async function fetchTenantId(authorityHost: string, domain: string): Promise<string> {
  const url = `${authorityHost}/${domain}/v2.0/.well-known/openid-configuration`;
  try {
    const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5_000) });
    const { issuer } = (await response.json()) as { issuer?: unknown };
    const tid = typeof issuer === 'string' ? /^(.*)\/([^/]+)\/v2\.0$/.exec(issuer) : null;
    if (!response.ok || !tid?.[2] || tid[1] !== authorityHost || !isGuid(tid[2])) throw new Error('bad issuer');
    return tid[2];
  } catch (cause) {
    throw new ProviderUnavailableError('The tenant’s metadata is unavailable. Try again shortly.', { cause });
  }
}

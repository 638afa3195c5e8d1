// Which tenants' tokens are accepted, and the issuer each tenant's tokens must carry.
import type { TenantMode } from '../config.ts';
import { AuthError } from '../errors.ts';
import { isGuid, issuerForTenant, personalAccountsTenant } from '../../common/authority.ts';
import type { AuthorityMetadataSource } from './authority-metadata.ts';

/** A token's tenant once it is known to be acceptable, and the v2 issuer its tokens carry. */
export interface AcceptedTenant {
  tid: string;
  issuer: string;
}

export interface TenantPolicy {
  /** The token's tenant and its issuer; throws an {@link AuthError} when the tenant may not sign in. */
  accept(tid: unknown): Promise<AcceptedTenant>;
}

/** The rules of `tenant`, with the issuers of the authority's discovery document (`metadata`). */
export function createTenantPolicy(tenant: TenantMode, metadata: AuthorityMetadataSource): TenantPolicy {
  if (tenant.kind === 'multi') {
    return {
      async accept(tid) {
        // Microsoft's multi-tenant recipe: `tid` must be a GUID before it is spliced into an issuer.
        if (typeof tid !== 'string' || !isGuid(tid)) throw invalidTenant();
        const id = tid.toLowerCase();
        // `organizations` is work and school accounts only: never the personal accounts' tenant.
        if (tenant.tenant === 'organizations' && id === personalAccountsTenant) throw tenantNotAllowed();
        if (tenant.allowed.size > 0 && !tenant.allowed.has(id)) throw tenantNotAllowed();
        return { tid, issuer: issuerForTenant((await metadata()).issuer, tid) };
      },
    };
  }

  return {
    async accept(tid) {
      // One tenant (by GUID, domain or `consumers`): the one the discovery document's issuer names.
      const { issuer, tenantId } = await metadata();
      if (typeof tid !== 'string' || tid.toLowerCase() !== tenantId) throw tenantNotAllowed();
      return { tid, issuer };
    },
  };
}

const invalidTenant = () => new AuthError('tenant_not_allowed', 'The token’s tenant is not valid.');
const tenantNotAllowed = () =>
  new AuthError('tenant_not_allowed', 'Accounts of this organization cannot sign in here.');

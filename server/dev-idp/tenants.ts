// The tenant path segment (workforce id or domain, External ID tenant, consumers, common, organizations) and
// the issuer of each kind of account, as Entra names them.
import type { DevIdpConfig } from './config.ts';
import type { AccountKind, DevUser } from './users.ts';

/** The tenant of every personal Microsoft account. */
export const personalTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** Entra's issuer template for common and organizations: a validator substitutes the token's tid. */
export const tenantIdPlaceholder = '{tenantid}';

export type TenantKind = 'workforce' | 'external-id' | 'consumers' | 'common' | 'organizations';

export interface TenantView {
  kind: TenantKind;
  /** The segment Entra puts in this tenant's endpoint URLs: the GUID for a tenant given by its domain. */
  segment: string;
  /** The accounts that may sign in here. */
  accountKinds: readonly AccountKind[];
}

/**
 * Which tenant a path segment names, or undefined for an unknown tenant. Case-insensitive like Entra;
 * the workforce tenant answers to its GUID and its domain, personal accounts to `consumers` and their GUID.
 */
export function resolveTenant(segment: string, config: DevIdpConfig): TenantView | undefined {
  const lower = segment.toLowerCase();
  if (lower === config.tenantId || (config.tenantDomain !== '' && lower === config.tenantDomain)) {
    return { kind: 'workforce', segment: config.tenantId, accountKinds: ['workforce'] };
  }
  if (lower === config.externalTenantId) {
    return { kind: 'external-id', segment: config.externalTenantId, accountKinds: ['external-id'] };
  }
  if (lower === 'consumers' || lower === personalTenantId) {
    return { kind: 'consumers', segment: lower, accountKinds: ['personal'] };
  }
  if (lower === 'common') return { kind: 'common', segment: lower, accountKinds: ['workforce', 'personal'] };
  if (lower === 'organizations') return { kind: 'organizations', segment: lower, accountKinds: ['workforce'] };
  return undefined;
}

/** What the issuer of each kind of account is built from. */
export type IssuerBase = Pick<DevIdpConfig, 'baseUrl' | 'tenantId' | 'externalTenantId'>;

/** The tenant id (`tid`) of a user's tokens. */
export function tenantIdOf(config: IssuerBase, kind: AccountKind): string {
  if (kind === 'personal') return personalTenantId;
  return kind === 'external-id' ? config.externalTenantId : config.tenantId;
}

/** The v2.0 issuer of a user's tokens. */
export function issuerOf(config: IssuerBase, kind: AccountKind): string {
  if (kind === 'external-id') return externalIdIssuer(config);
  return `${config.baseUrl}/${tenantIdOf(config, kind)}/v2.0`;
}

/**
 * Entra External ID's authority is `https://{subdomain}.ciamlogin.com/{tid}` but its issuer is
 * `https://{tid}.ciamlogin.com/{tid}/v2.0`: another host. Emulated as `{scheme}//{tid}.localhost:{port}{path}/{tid}/v2.0`,
 * which no rule can build from the authority, so a server must read it from the discovery document.
 */
export function externalIdIssuer(config: IssuerBase): string {
  const base = new URL(config.baseUrl);
  const port = base.port === '' ? '' : `:${base.port}`;
  const path = base.pathname === '/' ? '' : base.pathname;
  return `${base.protocol}//${config.externalTenantId}.localhost${port}${path}/${config.externalTenantId}/v2.0`;
}

/** The issuer a tenant's discovery document and JWKS announce. */
export function issuerForTenant(config: IssuerBase, tenant: TenantView): string {
  switch (tenant.kind) {
    case 'workforce':
      return issuerOf(config, 'workforce');
    case 'external-id':
      return externalIdIssuer(config);
    case 'consumers':
      return issuerOf(config, 'personal');
    default:
      return `${config.baseUrl}/${tenantIdPlaceholder}/v2.0`;
  }
}

export function mayUseTenant(user: DevUser, tenant: TenantView): boolean {
  return tenant.accountKinds.includes(user.kind);
}

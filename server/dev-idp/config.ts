// Options of createDevIdp() and their resolution, with the defaults from users.json, into one checked config.
import {
  DevIdpConfigError,
  isGuid,
  loadUsersFile,
  parseRedirectUris,
  parseUsers,
  type DevUser,
  type DevUserInput,
  type DevUsersFile,
} from './users.ts';

export interface DevIdpOptions {
  /** Public URL where the provider's app is reachable, no trailing slash, e.g. "http://localhost:3000" or "http://127.0.0.1:40123". */
  baseUrl: string;
  /** Workforce directory (tenant) id, a GUID. Default: tenantId of server/dev-idp/users.json. */
  tenantId?: string;
  /** Workforce tenant's domain name, accepted in place of its id. Default: tenantDomain of users.json. */
  tenantDomain?: string;
  /** The Entra External ID tenant's id, a GUID. Default: externalTenant.tenantId of users.json. */
  externalTenantId?: string;
  /** Application (client) id, a GUID. Default: clientId of server/dev-idp/users.json. */
  clientId?: string;
  /** The app's display name in Entra's error messages. Default: appName of users.json. */
  appName?: string;
  /** The app registration's SPA redirect URIs, matched exactly. Default: redirectUris of users.json. */
  redirectUris?: string[];
  /** Test users offered by the account picker. Default: users of server/dev-idp/users.json. */
  users?: DevUserInput[];
  /** Seconds an authorization code can be redeemed. Default 60. */
  codeLifetime?: number;
  /** Seconds from iat to exp of ID and access tokens. Default 3600 (1 hour). */
  tokenLifetime?: number;
}

export interface DevIdpConfig {
  baseUrl: string;
  tenantId: string;
  tenantDomain: string;
  externalTenantId: string;
  clientId: string;
  appName: string;
  redirectUris: string[];
  users: DevUser[];
  codeLifetime: number;
  tokenLifetime: number;
}

const defaultCodeLifetime = 60; // seconds
const defaultTokenLifetime = 60 * 60; // seconds: 1 hour

/** Fails at start, naming the option, rather than on the first sign-in. */
export function resolveConfig(options: DevIdpOptions): DevIdpConfig {
  const baseUrl = options.baseUrl;
  const parsed = URL.parse(baseUrl);
  if (
    parsed === null ||
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    baseUrl.endsWith('/') ||
    parsed.search !== '' ||
    parsed.hash !== ''
  ) {
    throw new DevIdpConfigError(
      `createDevIdp: options.baseUrl must be an absolute http(s) URL without a trailing slash, query or fragment, got ${JSON.stringify(baseUrl)}`,
    );
  }
  const optionNames = [
    'tenantId',
    'tenantDomain',
    'externalTenantId',
    'clientId',
    'appName',
    'redirectUris',
    'users',
  ] as const;
  const needsFile = optionNames.some((name) => options[name] === undefined);
  const file: Partial<DevUsersFile> = needsFile ? loadUsersFile() : {};
  const tenantId = guidOption('tenantId', options.tenantId ?? file.tenantId);
  const externalTenantId = guidOption('externalTenantId', options.externalTenantId ?? file.externalTenant?.tenantId);
  if (externalTenantId === tenantId) {
    throw new DevIdpConfigError('createDevIdp: options.externalTenantId must differ from the workforce tenantId');
  }
  return {
    baseUrl,
    tenantId,
    tenantDomain: (options.tenantDomain ?? file.tenantDomain ?? '').toLowerCase(),
    externalTenantId,
    clientId: guidOption('clientId', options.clientId ?? file.clientId),
    appName: options.appName ?? file.appName ?? '',
    redirectUris: options.redirectUris
      ? parseRedirectUris(options.redirectUris, 'createDevIdp: options.redirectUris')
      : (file.redirectUris ?? []),
    users: options.users ? parseUsers(options.users, 'createDevIdp: options.users') : (file.users ?? []),
    codeLifetime: secondsOption('codeLifetime', options.codeLifetime ?? defaultCodeLifetime),
    tokenLifetime: secondsOption('tokenLifetime', options.tokenLifetime ?? defaultTokenLifetime),
  };
}

function guidOption(name: string, value: string | undefined): string {
  if (!isGuid(value))
    throw new DevIdpConfigError(`createDevIdp: options.${name} must be a GUID, got ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

function secondsOption(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new DevIdpConfigError(`createDevIdp: options.${name} must be a positive number of seconds, got ${value}`);
  }
  return value;
}

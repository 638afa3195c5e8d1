// Options of createDevIdp() and their resolution, with the defaults from users.json, into one checked config.
import { DevIdpConfigError, isGuid, loadUsersFile, parseUsers, type DevUser, type DevUsersFile } from './users.ts';

export interface DevIdpOptions {
  /** Public URL where the provider's app is reachable, no trailing slash, e.g. "http://localhost:3000/dev-idp" or "http://127.0.0.1:40123". */
  baseUrl: string;
  /** Directory (tenant) id, a GUID. Default: tenantId of server/dev-idp/users.json. */
  tenantId?: string;
  /** Application (client) id, a GUID. Default: clientId of server/dev-idp/users.json. */
  clientId?: string;
  /** Test users offered by the account picker. Default: users of server/dev-idp/users.json. */
  users?: DevUser[];
  /** Seconds an authorization code can be redeemed. Default 60. */
  codeLifetime?: number;
  /** Seconds from iat to exp of ID and access tokens. Default 3600 (1 hour). */
  tokenLifetime?: number;
}

export interface DevIdpConfig {
  baseUrl: string;
  tenantId: string;
  clientId: string;
  users: DevUser[];
  codeLifetime: number;
  tokenLifetime: number;
  /** `${baseUrl}/${tenantId}/v2.0` */
  issuer: string;
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
  const needsFile = options.tenantId === undefined || options.clientId === undefined || options.users === undefined;
  const file: Partial<DevUsersFile> = needsFile ? loadUsersFile() : {};
  const tenantId = guidOption('tenantId', options.tenantId ?? file.tenantId);
  const config: DevIdpConfig = {
    baseUrl,
    tenantId,
    clientId: guidOption('clientId', options.clientId ?? file.clientId),
    users: options.users ? parseUsers(options.users, 'createDevIdp: options.users') : (file.users ?? []),
    codeLifetime: secondsOption('codeLifetime', options.codeLifetime ?? defaultCodeLifetime),
    tokenLifetime: secondsOption('tokenLifetime', options.tokenLifetime ?? defaultTokenLifetime),
    issuer: `${baseUrl}/${tenantId}/v2.0`,
  };
  return config;
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

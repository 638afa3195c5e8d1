// Test users and the emulated app registration of the development identity provider: their types and users.json's loader.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Which kind of Microsoft account a test user is: it decides the tenant, issuer and key of their tokens. */
export type AccountKind = 'workforce' | 'external-id' | 'personal';

/**
 * The error a real tenant gives this user instead of a sign-in (AADSTS50105 not assigned to the app, AADSTS65001
 * consent required), so that an app's handling of it can be tried offline; "none" signs in normally.
 */
export type SignInError = 'none' | 'user_not_assigned' | 'consent_required';

export interface DevUser {
  /** Object id, a GUID: with the tenant id, what identifies the user. */
  oid: string;
  name: string;
  email: string;
  /** App roles, e.g. ["Admin"]; never put in the tokens of personal accounts, as Entra gives them none. */
  roles: string[];
  /** Default "workforce". */
  kind: AccountKind;
  /** Default "none" (users.json writes it for every user, so that every entry has the same JSON type). */
  signInError: SignInError;
  /** Whether Microsoft Graph has a profile photo of them (a generated picture); default true. */
  photo: boolean;
}

/** users.json: the tenants, the app registration and the test users. */
export interface DevUsersFile {
  /** The workforce tenant's id. */
  tenantId: string;
  /** The workforce tenant's domain (e.g. contoso.onmicrosoft.com): Entra accepts it in place of the id. */
  tenantDomain: string;
  /** The Entra External ID (customer) tenant. */
  externalTenant: { tenantId: string; subdomain: string };
  clientId: string;
  /** The app registration's display name, shown in Entra's error messages. */
  appName: string;
  /** The app registration's SPA redirect URIs. */
  redirectUris: string[];
  users: DevUser[];
}

/** Input shape of a user: kind (workforce), signInError (none) and photo (true) may be left out. */
export type DevUserInput = Omit<DevUser, 'kind' | 'signInError' | 'photo'> & {
  kind?: AccountKind;
  signInError?: SignInError;
  photo?: boolean;
};

/** Thrown when users.json or the options of createDevIdp() are malformed; the message names the source. */
export class DevIdpConfigError extends Error {
  readonly code = 'dev_idp_config_invalid';
  override name = 'DevIdpConfigError';
}

export const defaultUsersFile = fileURLToPath(new URL('./users.json', import.meta.url));

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// A DNS name with at least one dot, as a verified domain is (contoso.onmicrosoft.com).
const domainPattern = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
// The first label of {subdomain}.ciamlogin.com.
const subdomainPattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const accountKinds: readonly AccountKind[] = ['workforce', 'external-id', 'personal'];
const signInErrors: readonly SignInError[] = ['none', 'user_not_assigned', 'consent_required'];

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && guidPattern.test(value);
}

/** Reads and validates a users file; throws DevIdpConfigError naming the file and the bad field. */
export function loadUsersFile(path: string = defaultUsersFile): DevUsersFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new DevIdpConfigError(`${path}: cannot read the dev-idp users file as JSON`, { cause });
  }
  return parseUsersFile(json, path);
}

export function parseUsersFile(json: unknown, source: string): DevUsersFile {
  if (!isRecord(json)) throw new DevIdpConfigError(`${source}: expected a JSON object`);
  const external = json.externalTenant;
  if (!isRecord(external)) {
    throw new DevIdpConfigError(`${source}: externalTenant must be an object { "tenantId", "subdomain" }`);
  }
  const subdomain = external.subdomain;
  if (typeof subdomain !== 'string' || !subdomainPattern.test(subdomain)) {
    throw new DevIdpConfigError(
      `${source}: externalTenant.subdomain must be a DNS label (the {subdomain} of {subdomain}.ciamlogin.com), got ${JSON.stringify(subdomain)}`,
    );
  }
  const file: DevUsersFile = {
    tenantId: readGuid(json.tenantId, `${source}: tenantId`),
    tenantDomain: readDomain(json.tenantDomain, `${source}: tenantDomain`),
    externalTenant: { tenantId: readGuid(external.tenantId, `${source}: externalTenant.tenantId`), subdomain },
    clientId: readGuid(json.clientId, `${source}: clientId`),
    appName: readName(json.appName, `${source}: appName`),
    redirectUris: parseRedirectUris(json.redirectUris, `${source}: redirectUris`),
    users: parseUsers(json.users, `${source}: users`),
  };
  if (file.externalTenant.tenantId === file.tenantId) {
    throw new DevIdpConfigError(`${source}: externalTenant.tenantId must differ from tenantId`);
  }
  return file;
}

/** Validates a list of users; `where` prefixes every error message (file name or option name). */
export function parseUsers(value: unknown, where: string): DevUser[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new DevIdpConfigError(`${where} must be a non-empty array of users`);
  }
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    const at = `${where}[${index}]`;
    if (!isRecord(entry)) throw new DevIdpConfigError(`${at} must be an object`);
    const oid = readGuid(entry.oid, `${at}.oid`);
    if (seen.has(oid)) throw new DevIdpConfigError(`${at}.oid ${oid} is used by another user`);
    seen.add(oid);
    const name = readName(entry.name, `${at}.name`);
    if (typeof entry.email !== 'string' || !emailPattern.test(entry.email)) {
      throw new DevIdpConfigError(`${at}.email must be an email address`);
    }
    const roles = entry.roles ?? [];
    if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string' && role !== '')) {
      throw new DevIdpConfigError(`${at}.roles must be an array of non-empty strings`);
    }
    const kind = entry.kind ?? 'workforce';
    if (!accountKinds.includes(kind as AccountKind)) {
      throw new DevIdpConfigError(`${at}.kind must be one of ${accountKinds.join(', ')}, got ${JSON.stringify(kind)}`);
    }
    const signInError = entry.signInError ?? 'none';
    if (!signInErrors.includes(signInError as SignInError)) {
      throw new DevIdpConfigError(
        `${at}.signInError must be one of ${signInErrors.join(', ')}, got ${JSON.stringify(signInError)}`,
      );
    }
    const photo = entry.photo ?? true;
    if (typeof photo !== 'boolean') throw new DevIdpConfigError(`${at}.photo must be true or false`);
    return {
      oid,
      name,
      email: entry.email,
      roles: [...roles] as string[],
      kind: kind as AccountKind,
      signInError: signInError as SignInError,
      photo,
    };
  });
}

/**
 * Registered SPA redirect URIs: absolute http(s) URLs without fragment; http only on a loopback host,
 * as Entra allows (https everywhere else).
 */
export function parseRedirectUris(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new DevIdpConfigError(`${where} must be a non-empty array of redirect URIs`);
  }
  return value.map((entry: unknown, index) => {
    const url = typeof entry === 'string' ? URL.parse(entry) : null;
    const loopback = url !== null && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (
      url === null ||
      !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) ||
      (entry as string).includes('#')
    ) {
      throw new DevIdpConfigError(
        `${where}[${index}] must be an https URL (http only on localhost) without a fragment, got ${JSON.stringify(entry)}`,
      );
    }
    return entry as string;
  });
}

/** GUIDs are stored in lower case so that comparisons and token claims are stable. */
function readGuid(value: unknown, where: string): string {
  if (!isGuid(value)) throw new DevIdpConfigError(`${where} must be a GUID, got ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

function readDomain(value: unknown, where: string): string {
  if (typeof value !== 'string' || !domainPattern.test(value)) {
    throw new DevIdpConfigError(
      `${where} must be a domain name such as contoso.onmicrosoft.com, got ${JSON.stringify(value)}`,
    );
  }
  return value.toLowerCase();
}

function readName(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new DevIdpConfigError(`${where} must be a non-empty string`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Test users of the development identity provider: their type and the loader of users.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface DevUser {
  /** Object id, a GUID: with the tenant id, what identifies the user. */
  oid: string;
  name: string;
  email: string;
  /** App roles, e.g. ["Admin"]; empty for an ordinary user. */
  roles: string[];
}

export interface DevUsersFile {
  tenantId: string;
  clientId: string;
  users: DevUser[];
}

/** Thrown when users.json or the options of createDevIdp() are malformed; the message names the source. */
export class DevIdpConfigError extends Error {
  readonly code = 'dev_idp_config_invalid';
  override name = 'DevIdpConfigError';
}

export const defaultUsersFile = fileURLToPath(new URL('./users.json', import.meta.url));

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
  return {
    tenantId: readGuid(json.tenantId, `${source}: tenantId`),
    clientId: readGuid(json.clientId, `${source}: clientId`),
    users: parseUsers(json.users, `${source}: users`),
  };
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
    if (typeof entry.name !== 'string' || entry.name.trim() === '') {
      throw new DevIdpConfigError(`${at}.name must be a non-empty string`);
    }
    if (typeof entry.email !== 'string' || !emailPattern.test(entry.email)) {
      throw new DevIdpConfigError(`${at}.email must be an email address`);
    }
    const roles = entry.roles ?? [];
    if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string' && role !== '')) {
      throw new DevIdpConfigError(`${at}.roles must be an array of non-empty strings`);
    }
    return { oid, name: entry.name, email: entry.email, roles: [...roles] as string[] };
  });
}

/** GUIDs are stored in lower case so that comparisons and token claims are stable. */
function readGuid(value: unknown, where: string): string {
  if (!isGuid(value)) throw new DevIdpConfigError(`${where} must be a GUID, got ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

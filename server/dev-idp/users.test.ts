// users.json loading and validation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DevIdpConfigError, loadUsersFile, parseUsersFile } from './users.ts';

const valid = {
  tenantId: '0b1d5e0c-3f2a-4c6e-9d8b-7a5f4e3d2c1b',
  clientId: '5d1c0b6e-7a43-4f5e-9c2d-8e1f0a9b3c47',
  users: [
    { oid: '3F2B8C1E-6D4A-4B7E-9A15-2C8D7E6F5A41', name: 'Adele Vance', email: 'adele.vance@contoso.test', roles: [] },
  ],
};

describe('loadUsersFile()', () => {
  it('loads the shipped users.json: an ordinary user and an Admin', () => {
    const file = loadUsersFile();
    expect(file.users.some((user) => user.roles.length === 0)).toBe(true);
    expect(file.users.some((user) => user.roles.includes('Admin'))).toBe(true);
  });

  it('names the file when it is not JSON', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dev-idp-')), 'users.json');
    writeFileSync(path, '{ not json');
    expect(() => loadUsersFile(path)).toThrow(DevIdpConfigError);
    expect(() => loadUsersFile(path)).toThrow(path);
  });
});

describe('parseUsersFile()', () => {
  it('lower-cases GUIDs', () => {
    expect(parseUsersFile(valid, 'users.json').users[0]!.oid).toBe('3f2b8c1e-6d4a-4b7e-9a15-2c8d7e6f5a41');
  });

  it.each([
    [{ ...valid, tenantId: 'contoso' }, 'users.json: tenantId must be a GUID'],
    [{ ...valid, users: [] }, 'users.json: users must be a non-empty array'],
    [{ ...valid, users: [{ ...valid.users[0], oid: 'x' }] }, 'users.json: users[0].oid must be a GUID'],
    [{ ...valid, users: [{ ...valid.users[0], email: 'adele' }] }, 'users.json: users[0].email must be an email'],
    [{ ...valid, users: [{ ...valid.users[0], roles: 'Admin' }] }, 'users.json: users[0].roles must be an array'],
    [{ ...valid, users: [valid.users[0], valid.users[0]] }, 'users.json: users[1].oid'],
  ])('rejects a malformed file with a message naming the field (%#)', (json, message) => {
    expect(() => parseUsersFile(json, 'users.json')).toThrow(message);
  });
});

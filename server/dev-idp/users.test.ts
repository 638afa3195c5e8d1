// users.json loading and validation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DevIdpConfigError, loadUsersFile, parseUsersFile } from './users.ts';

const adele = {
  oid: '3F2B8C1E-6D4A-4B7E-9A15-2C8D7E6F5A41',
  name: 'Adele Vance',
  email: 'adele.vance@contoso.test',
  roles: [],
};
const valid = {
  tenantId: '0b1d5e0c-3f2a-4c6e-9d8b-7a5f4e3d2c1b',
  tenantDomain: 'contoso.onmicrosoft.com',
  externalTenant: { tenantId: '6c2f8e4a-9b1d-4f3e-a5c7-2d8b0e6f4a19', subdomain: 'contosocustomers' },
  clientId: '5d1c0b6e-7a43-4f5e-9c2d-8e1f0a9b3c47',
  appName: 'Contoso Tasks',
  redirectUris: ['http://localhost:3000/redirect.html'],
  users: [adele],
};

describe('loadUsersFile()', () => {
  it('loads the shipped users.json: every kind of account, an Admin, the two error users, one without a photo', () => {
    const file = loadUsersFile();
    const names = file.users.map((user) => user.name);
    // The README names these two.
    expect(names).toEqual(expect.arrayContaining(['Adele Vance', 'Megan Bowen']));
    expect(file.users.find((user) => user.name === 'Megan Bowen')!.roles).toContain('Admin');
    expect(new Set(file.users.map((user) => user.kind))).toEqual(new Set(['workforce', 'external-id', 'personal']));
    expect(file.users.find((user) => user.signInError === 'user_not_assigned')!.name).toMatch(/not assigned/);
    expect(file.users.find((user) => user.signInError === 'consent_required')!.name).toMatch(/consent required/);
    expect(file.users.filter((user) => !user.photo).map((user) => user.name)).toEqual(['Megan Bowen']);
  });

  it('registers the redirect URIs the README tells people to register', () => {
    expect(loadUsersFile().redirectUris).toEqual([
      'http://localhost:3000/redirect.html',
      'http://localhost:3001/',
      'http://localhost:3001/strict-csp.html',
    ]);
  });

  it('names the file when it is not JSON', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dev-idp-')), 'users.json');
    writeFileSync(path, '{ not json');
    expect(() => loadUsersFile(path)).toThrow(DevIdpConfigError);
    expect(() => loadUsersFile(path)).toThrow(path);
  });
});

describe('parseUsersFile()', () => {
  it('lower-cases GUIDs and domains, and defaults kind, signInError and photo', () => {
    const file = parseUsersFile({ ...valid, tenantDomain: 'Contoso.OnMicrosoft.com' }, 'users.json');
    expect(file.users[0]).toMatchObject({
      oid: '3f2b8c1e-6d4a-4b7e-9a15-2c8d7e6f5a41',
      kind: 'workforce',
      signInError: 'none',
      photo: true,
    });
    expect(file.tenantDomain).toBe('contoso.onmicrosoft.com');
  });

  it.each([
    [{ ...valid, tenantId: 'contoso' }, 'users.json: tenantId must be a GUID'],
    [{ ...valid, tenantDomain: 'contoso' }, 'users.json: tenantDomain must be a domain name'],
    [{ ...valid, externalTenant: undefined }, 'users.json: externalTenant must be an object'],
    [
      { ...valid, externalTenant: { ...valid.externalTenant, tenantId: 'x' } },
      'users.json: externalTenant.tenantId must be a GUID',
    ],
    [
      { ...valid, externalTenant: { ...valid.externalTenant, subdomain: 'a.b' } },
      'users.json: externalTenant.subdomain must be a DNS label',
    ],
    [
      { ...valid, externalTenant: { ...valid.externalTenant, tenantId: valid.tenantId } },
      'externalTenant.tenantId must differ',
    ],
    [{ ...valid, appName: ' ' }, 'users.json: appName must be a non-empty string'],
    [{ ...valid, redirectUris: [] }, 'users.json: redirectUris must be a non-empty array'],
    [
      { ...valid, redirectUris: ['http://www.example.com/'] },
      'users.json: redirectUris[0] must be an https URL (http only on localhost)',
    ],
    [{ ...valid, redirectUris: ['http://localhost:3000/#x'] }, 'users.json: redirectUris[0] must be an https URL'],
    [{ ...valid, users: [] }, 'users.json: users must be a non-empty array'],
    [{ ...valid, users: [{ ...adele, oid: 'x' }] }, 'users.json: users[0].oid must be a GUID'],
    [{ ...valid, users: [{ ...adele, email: 'adele' }] }, 'users.json: users[0].email must be an email'],
    [{ ...valid, users: [{ ...adele, roles: 'Admin' }] }, 'users.json: users[0].roles must be an array'],
    [
      { ...valid, users: [{ ...adele, kind: 'guest' }] },
      'users.json: users[0].kind must be one of workforce, external-id, personal',
    ],
    [
      { ...valid, users: [{ ...adele, signInError: 'mfa' }] },
      'users.json: users[0].signInError must be one of none, user_not_assigned, consent_required',
    ],
    [{ ...valid, users: [{ ...adele, photo: 'yes' }] }, 'users.json: users[0].photo must be true or false'],
    [{ ...valid, users: [adele, adele] }, 'users.json: users[1].oid'],
  ])('rejects a malformed file with a message naming the field (%#)', (json, message) => {
    expect(() => parseUsersFile(json, 'users.json')).toThrow(DevIdpConfigError);
    expect(() => parseUsersFile(json, 'users.json')).toThrow(message);
  });
});

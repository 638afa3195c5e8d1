// The emulated registration's redirect URIs: exact matching, their origins, and the same registration on other ports.
import { describe, expect, it } from 'vitest';
import { isRegisteredRedirectUri, mapRedirectUris, registeredOrigins } from './redirect-uris.ts';

const registered = [
  'http://localhost:3000/redirect.html',
  'http://localhost:3001/',
  'http://localhost:3001/strict-csp.html',
];

describe('isRegisteredRedirectUri()', () => {
  it('matches exactly, as Entra does', () => {
    expect(isRegisteredRedirectUri(registered, 'http://localhost:3001/')).toBe(true);
    for (const uri of [
      'http://localhost:3001',
      'http://localhost:3001/index.html',
      'http://127.0.0.1:3001/',
      'http://localhost:3002/',
    ]) {
      expect(isRegisteredRedirectUri(registered, uri)).toBe(false);
    }
  });
});

describe('registeredOrigins()', () => {
  it('lists each origin once', () => {
    expect([...registeredOrigins(registered)]).toEqual(['http://localhost:3000', 'http://localhost:3001']);
  });
});

describe('mapRedirectUris()', () => {
  it('repeats each URI of a mapped origin on its targets, paths kept, and leaves the others', () => {
    const mapped = mapRedirectUris([...registered, 'https://www.example.com/'], {
      'http://localhost:3000': ['http://localhost:40001'],
      'http://localhost:3001': ['http://localhost:40002', 'http://localhost:40003'],
    });
    expect(mapped).toEqual([
      'http://localhost:40001/redirect.html',
      'http://localhost:40002/',
      'http://localhost:40003/',
      'http://localhost:40002/strict-csp.html',
      'http://localhost:40003/strict-csp.html',
      'https://www.example.com/',
    ]);
  });
});

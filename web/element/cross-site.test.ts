import { describe, expect, it } from 'vitest';
import { describeCrossSite, isCrossSite } from './cross-site.ts';

describe('isCrossSite()', () => {
  it('is true when the browser surely treats page and server as different sites', () => {
    expect(isCrossSite('http://127.0.0.1:8080/', 'http://localhost:3000')).toBe(true);
    expect(isCrossSite('https://www.example.net/', 'https://auth.example.com')).toBe(true);
    expect(isCrossSite('http://www.example.com/', 'https://auth.example.com')).toBe(true); // schemeful
    expect(isCrossSite('http://[::1]:8080/', 'http://localhost:3000')).toBe(true);
  });

  it('is false for one site: the same host on other ports, sibling subdomains', () => {
    expect(isCrossSite('http://localhost:3001/', 'http://localhost:3000')).toBe(false);
    expect(isCrossSite('https://www.example.com/shop', 'https://auth.example.com')).toBe(false);
    // Without the Public Suffix List the answer errs towards "same site", never the other way.
    expect(isCrossSite('https://a.example.co.uk/', 'https://b.other.co.uk')).toBe(false);
  });
});

describe('describeCrossSite()', () => {
  const nonceMissing = { status: 401, code: 'nonce_missing', message: 'The sign-in expired or began elsewhere.' };

  it('names the cause of nonce_missing and nonce_mismatch across sites: page and server on different sites', () => {
    const detail = describeCrossSite(nonceMissing, 'http://localhost:3000', 'http://127.0.0.1:8080/page');
    expect(detail).toEqual({
      code: 'nonce_missing',
      message: expect.stringContaining(
        'This page (http://127.0.0.1:8080) and the sign-in server (http://localhost:3000) are on different sites',
      ),
    });
    const mismatch = { ...nonceMissing, code: 'nonce_mismatch' };
    expect(describeCrossSite(mismatch, 'http://localhost:3000', 'http://127.0.0.1:8080/')?.code).toBe('nonce_mismatch');
  });

  it('leaves everything else, and one site, to the other descriptions', () => {
    expect(describeCrossSite(nonceMissing, 'http://localhost:3000', 'http://localhost:3001/')).toBeUndefined();
    const other = { status: 401, code: 'audience_invalid', message: 'x' };
    expect(describeCrossSite(other, 'http://localhost:3000', 'http://127.0.0.1:8080/')).toBeUndefined();
    expect(describeCrossSite(null, 'http://localhost:3000', 'http://127.0.0.1:8080/')).toBeUndefined();
  });
});

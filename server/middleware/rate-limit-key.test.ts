import { describe, expect, it } from 'vitest';
import { rateLimitKey } from './rate-limit-key.ts';

describe('rateLimitKey()', () => {
  it('keys an IPv6 address by its /64, however it is written', () => {
    expect(rateLimitKey('2001:db8:1:2:a:b:c:d')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:DB8:1:2::ffff')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:0db8:0001:0002:0000:0000:0000:0001')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
  });

  it('keys IPv4, also IPv4-mapped IPv6, by the whole address; anything else by itself', () => {
    expect(rateLimitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('unknown')).toBe('unknown');
    expect(rateLimitKey('not:an:address')).toBe('not:an:address');
  });
});

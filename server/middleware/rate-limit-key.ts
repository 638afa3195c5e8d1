// The key a client's rate-limit budget is counted under: its IPv4 address, or the /64 its IPv6 address is in.
import ipaddr from 'ipaddr.js';

/**
 * `address` as a rate-limit key. An IPv6 client is normally given a whole /64 (RFC 6177), inside which it may
 * use any address it likes (RFC 8981 temporary addresses): counted per address, it would have 2^64 budgets.
 * So an IPv6 address counts as its /64 (`2001:db8:1:2::/64`), and an IPv4-mapped one (`::ffff:192.0.2.1`, as a
 * dual-stack socket reports IPv4 peers) as the IPv4 address. What does not parse (`unknown`) is its own key.
 *
 * @example rateLimitKey('2001:db8:1:2:a:b:c:d') // '2001:db8:1:2::/64'
 */
export function rateLimitKey(address: string): string {
  if (!address.includes(':')) return address; // IPv4, or no address at all
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return address;
  }
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const network = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${network.join(':')}::/64`;
}

// The security headers of every response, written once as a list when the app is built.
import type { Config } from '../config.ts';

/**
 * What Hono's `secureHeaders()` sends with our options, as a fixed list (security-headers.test.ts checks
 * it stays the same), so that no request recomputes or copies them.
 */
export function securityHeaderList(config: Pick<Config, 'authorityHost' | 'production'>): [string, string][] {
  const authority = new URL(config.authorityHost).origin;
  const contentSecurityPolicy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    // MSAL redeems the authorization code from the page with fetch.
    `connect-src 'self' ${authority}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return [
    // No Cross-Origin-Opener-Policy: MSAL's popup reports back through its opener and a BroadcastChannel;
    // the popup's own page must not carry an opener policy (docs/msal.md, "Cross-Origin-Opener-Policy").
    // A route may set its own Cross-Origin-Resource-Policy: /sdk lets other sites load its scripts.
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    // Not Hono's `no-referrer`: under it browsers send `Origin: null` on same-origin POSTs, and the
    // CSRF check could no longer tell our own page from a sandboxed attacker.
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ...(config.production
      ? [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as [string, string]]
      : []),
    ['X-Content-Type-Options', 'nosniff'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
    ['Content-Security-Policy', contentSecurityPolicy],
  ];
}

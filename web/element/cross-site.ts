// Names the likely cause when a sign-in fails because the page and the auth server are on different sites
// (docs/troubleshooting.md): the browser then keeps the server's SameSite cookies (the nonce's, the session's)
// from the element's requests, and the server can only say that the sign-in "began elsewhere".
import type { SignInErrorDetail } from './errors.ts';

const ipAddress = /^\[.*\]$|^\d+\.\d+\.\d+\.\d+$/;

/**
 * Whether `page` (a URL) and `server` (an origin) are surely different sites: another scheme, or hosts whose
 * registrable domains differ. Without the Public Suffix List the registrable domain is taken as the last two
 * labels, which errs towards "same site" (`a.example.co.uk`, `b.other.co.uk`), never the other way; IP
 * addresses and `localhost` are sites of their own (`127.0.0.1` is not `localhost`).
 * @example isCrossSite('http://127.0.0.1:8080/', 'http://localhost:3000') // true
 */
export function isCrossSite(page: string, server: string): boolean {
  const a = new URL(page);
  const b = new URL(server);
  if (a.protocol !== b.protocol) return true;
  if (a.hostname === b.hostname) return false;
  if ([a.hostname, b.hostname].some((host) => ipAddress.test(host) || host === 'localhost')) return true;
  const site = (host: string) => host.split('.').slice(-2).join('.');
  return site(a.hostname) !== site(b.hostname);
}

/**
 * The detail for the server's `nonce_missing` or `nonce_mismatch` when the page is on another site than the
 * server, or undefined for anything else.
 */
export function describeCrossSite(error: unknown, server: string, page = location.href): SignInErrorDetail | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if ((code !== 'nonce_missing' && code !== 'nonce_mismatch') || !isCrossSite(page, server)) return undefined;
  return {
    code,
    message: `This page (${new URL(page).origin}) and the sign-in server (${server}) are on different sites, so the browser keeps the server's cookies from the sign-in: serve both under one site.`,
  };
}

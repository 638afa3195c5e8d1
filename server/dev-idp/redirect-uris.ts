// The emulated app registration's SPA redirect URIs: exact matching as Entra does, and their origins for CORS.

/**
 * Entra compares the request's redirect_uri with the registered ones as strings: a different path, port,
 * trailing slash or scheme is AADSTS50011.
 */
export function isRegisteredRedirectUri(registered: readonly string[], redirectUri: string): boolean {
  return registered.includes(redirectUri);
}

/**
 * The origins allowed to call the token endpoint from a page: Entra answers CORS only for the origins of
 * SPA redirect URIs (a web-platform URI gets AADSTS9002326 and no CORS header).
 */
export function registeredOrigins(registered: readonly string[]): Set<string> {
  return new Set(registered.map((uri) => new URL(uri).origin));
}

/**
 * The same registration on other ports: each registered URI whose origin is a key of `origins` is repeated on
 * each of the origins it maps to, path kept. Lets `npm run dev` on PORT=4000, or a test on port 0, keep the
 * registration of users.json (written for ports 3000 and 3001) without accepting any other page.
 *
 * @example
 * mapRedirectUris(['http://localhost:3000/redirect.html'], { 'http://localhost:3000': ['http://localhost:4000'] })
 * // → ['http://localhost:4000/redirect.html']
 */
export function mapRedirectUris(registered: readonly string[], origins: Record<string, readonly string[]>): string[] {
  const mapped = registered.flatMap((uri) => {
    const url = new URL(uri);
    const targets = origins[url.origin];
    if (!targets) return [uri];
    const rest = uri.slice(url.origin.length);
    return targets.map((origin) => `${origin}${rest}`);
  });
  return [...new Set(mapped)];
}

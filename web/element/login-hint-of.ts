// The username an ID token names, kept as auto-select's login_hint (never the token itself).

/**
 * `preferred_username` (what MSAL shows as the account's username and Entra matches a login_hint against),
 * else `upn` or `email`; undefined when the token names none. The token is only read, never verified: the
 * server has just accepted it.
 * @example usernameOf(idToken) // 'adele.vance@contoso.test'
 */
export function usernameOf(idToken: string): string | undefined {
  try {
    const base64 = idToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (character) => character.charCodeAt(0)));
    const claims = JSON.parse(json) as Record<string, unknown>;
    const username = [claims.preferred_username, claims.upn, claims.email].find(
      (value) => typeof value === 'string' && value !== '',
    );
    return username as string | undefined;
  } catch {
    return undefined; // not a JWT: no hint, only no automatic sign-in later
  }
}

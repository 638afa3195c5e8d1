// Session tokens this process has already verified: a browser sends the same cookie on every request, and a
// map lookup costs less than decoding it and checking its HMAC again.
import type { SessionClaims } from './session-token.ts';

/** Most tokens kept: about 1 KB each (the token and its claims), so at most about 10 MB. */
export const maxVerifiedTokens = 10_000;

export interface VerifiedTokens {
  /** The claims of `token` if it was verified here and has not expired at `nowSeconds`. */
  get(token: string, nowSeconds: number): SessionClaims | undefined;
  /** Remembers the claims of a token that just passed every check. */
  add(token: string, claims: SessionClaims): void;
}

/**
 * A bounded map from the exact token string to its verified claims. An entry is dropped once its `exp` has
 * passed, and the oldest entry makes room for a new one past `maxEntries`: a flood of distinct tokens (only
 * tokens signed with our secret ever get in) evicts the oldest, which are simply verified again on their next
 * use. It caches the token's signature and claims only, a pure function of the token: whether the session
 * still exists (a revocation, a sign-out, another process's write) is read from the store on every request.
 *
 * @example const cached = verified.get(token, now) ?? verifyAndAdd(token);
 */
export function createVerifiedTokens(maxEntries = maxVerifiedTokens): VerifiedTokens {
  const entries = new Map<string, SessionClaims>();
  return {
    get(token, nowSeconds) {
      const claims = entries.get(token);
      if (claims === undefined || claims.expiresAt > nowSeconds) return claims;
      entries.delete(token);
      return undefined;
    },
    add(token, claims) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      const profile = claims.profile && Object.freeze({ ...claims.profile });
      entries.set(token, Object.freeze({ ...claims, user: Object.freeze({ ...claims.user }), profile }));
    },
  };
}

// Single-use authorization codes, kept in memory and bound to what the authorize request asked for.
import { randomBytes } from 'node:crypto';
import type { DevUser } from './users.ts';

/** What a code was issued for; the token endpoint checks the redemption against it. */
export interface AuthorizationGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
  scope: string;
  user: DevUser;
}

export type TakeCodeResult = { ok: true; grant: AuthorizationGrant } | { ok: false; reason: 'unknown' | 'expired' };

export interface AuthorizationCodeStore {
  /** Stores the grant and returns a new random code (32 bytes, base64url). */
  issue(grant: AuthorizationGrant): string;
  /** Removes the code whatever happens next, so that a code can be tried only once. */
  take(code: string): TakeCodeResult;
  readonly size: number;
}

export interface AuthorizationCodeStoreOptions {
  /** Seconds a code stays redeemable. */
  lifetime: number;
  /** Upper bound on stored codes; the oldest go first. Default 1000. */
  maxEntries?: number;
}

const defaultMaxEntries = 1000;

export function createAuthorizationCodeStore(options: AuthorizationCodeStoreOptions): AuthorizationCodeStore {
  const lifetimeMs = options.lifetime * 1000;
  const maxEntries = options.maxEntries ?? defaultMaxEntries;
  // Every code has the same lifetime, so insertion order is expiry order: the oldest entries come first.
  const codes = new Map<string, { grant: AuthorizationGrant; expiresAt: number }>();

  function evict(now: number): void {
    for (const [code, entry] of codes) {
      if (entry.expiresAt > now && codes.size < maxEntries) break;
      codes.delete(code);
    }
  }

  return {
    issue(grant) {
      const now = Date.now();
      evict(now);
      const code = randomBytes(32).toString('base64url');
      codes.set(code, { grant, expiresAt: now + lifetimeMs });
      return code;
    },
    take(code) {
      const entry = codes.get(code);
      if (!entry) return { ok: false, reason: 'unknown' };
      codes.delete(code);
      if (entry.expiresAt <= Date.now()) return { ok: false, reason: 'expired' };
      return { ok: true, grant: entry.grant };
    },
    get size() {
      return codes.size;
    },
  };
}

// What a session store keeps — session records and used nonces — and the one interface both stores implement.
import type { User } from '../user.ts';

/**
 * What the ID token said about the user besides who they are: display name, e-mail and app roles, bounded by
 * server/user.ts. It lives in the record, not in the session cookie: 50 roles of 100 characters alone would make
 * a 7 KB cookie, which browsers drop (docs/architecture.md, "Sessions").
 */
export type Profile = Pick<User, 'name' | 'email' | 'roles'>;

/** A signed-in browser, as the server remembers it. Times are milliseconds since the epoch. */
export interface SessionRecord {
  /** The public id: a hash of the session JWT's secret `sid`, so the store never holds what a cookie carries. */
  id: string;
  /** The user: the token's `tid` and `oid`. */
  tenantId: string;
  userId: string;
  createdAt: number;
  /** Updated at most once a minute (see `sessions.ts`), so a check is not a write. */
  lastSeenAt: number;
  /** The absolute end (`SESSION_MAX_AGE` after sign-in), whatever the activity. */
  expiresAt: number;
  /** The `User-Agent` at sign-in, shortened. */
  userAgent: string;
  /** "Chrome on Windows": what a person recognises in a list of their sessions. */
  client: string;
  /**
   * The user's name, e-mail and roles. Undefined in a record written before they moved here from the cookie:
   * that session's cookie still carries them (session-token.ts), and they are read from it.
   */
  profile?: Profile;
}

/**
 * Session records and used nonces. SQLite (`sqlite-session-store.ts`) for one instance, Redis
 * (`redis-session-store.ts`) for many. Every method may reject with a `StoreUnavailableError`.
 */
export interface SessionStore {
  create(record: SessionRecord): Promise<void>;
  /** The record, or undefined when it was ended, swept or never existed. */
  get(id: string): Promise<SessionRecord | undefined>;
  /** Records activity; extends the idle deadline. */
  touch(id: string, lastSeenAt: number): Promise<void>;
  /** Ends one session; false when there was none with this id. */
  remove(id: string): Promise<boolean>;
  /** Ends every session of a user; resolves with how many there were. */
  removeAll(tenantId: string, userId: string): Promise<number>;
  /** The user's live sessions, in no particular order. */
  list(tenantId: string, userId: string): Promise<SessionRecord[]>;
  /**
   * Marks a nonce as redeemed until `expiresAt`; false when it already was (a replay). Atomic across
   * every instance sharing the store.
   */
  redeemNonce(nonce: string, expiresAt: number): Promise<boolean>;
  close(): Promise<void>;
}

/** True while `record` is neither past its absolute end nor idle for longer than `idleTimeoutMs`. */
export function isLive(record: SessionRecord, idleTimeoutMs: number, now: number): boolean {
  return now < record.expiresAt && now < record.lastSeenAt + idleTimeoutMs;
}

/** When `record` ends if nobody uses it: the earlier of its absolute end and its idle deadline. */
export function endOf(record: SessionRecord, idleTimeoutMs: number): number {
  return Math.min(record.expiresAt, record.lastSeenAt + idleTimeoutMs);
}

/** A {@link Profile} as a store keeps it: JSON text. */
export const serializeProfile = (profile: Profile | undefined): string | undefined =>
  profile && JSON.stringify({ name: profile.name, email: profile.email, roles: profile.roles });

/** The {@link Profile} a store kept; undefined for none, or for text that is not one (never a throw). */
export function parseProfile(text: string | null | undefined): Profile | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, email, roles } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof email !== 'string' || !Array.isArray(roles)) return undefined;
  return { name, email, roles: roles.filter((role): role is string => typeof role === 'string') };
}

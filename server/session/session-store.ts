// What a session store keeps — session records and used nonces — and the one interface both stores implement.

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

// The session end to end: the record in the store, the HS256 JWT that names it, and the cookie that carries
// the JWT. Routes and middleware only call start, read, end and endAll.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { Config } from '../config.ts';
import { AuthError, refusal } from '../errors.ts';
import type { User } from '../user.ts';
import { describeClient } from './client-description.ts';
import { cookieJar, storedCookieName } from './cookies.ts';
import { isLive, type Profile, type SessionRecord, type SessionStore } from './session-store.ts';
import { createSessionTokenCodec, type SessionClaims, type SessionUser } from './session-token.ts';

/** The session cookie's name before the `__Host-` prefix of production. */
export const sessionCookieName = 'ms-session';
/** Activity is written to the store at most this often per session, in milliseconds: a check is a read. */
const touchInterval = 60_000;
const maxUserAgentLength = 256;

/** A checked session: its user and its record. */
export interface ActiveSession {
  user: User;
  record: SessionRecord;
}

export interface Sessions {
  /** The name of the cookie as the browser stores it (`__Host-ms-session` in production). */
  readonly cookieName: string;
  /** Creates a record for `user` and sets a fresh session cookie (never reusing one the browser sent). */
  start(c: Context, user: User): Promise<void>;
  /**
   * The session of this request's cookie, its activity recorded and its cookie renewed when past half its
   * life; or throws an {@link AuthError} (`session_missing`, `_invalid`, `_expired`, `_revoked`) and clears
   * the cookie it was sent. A store that cannot be reached throws a `StoreUnavailableError`.
   */
  read(c: Context): Promise<ActiveSession>;
  /** Ends this request's session, if it has a valid one, and clears the cookie. */
  end(c: Context): Promise<void>;
  /** Ends every session of `user` (and clears this request's cookie). */
  endAll(c: Context, user: User): Promise<void>;
  /** The live sessions of `user`. */
  list(user: User): Promise<SessionRecord[]>;
  /** Ends session `id` if it is one of `user`'s; false otherwise (someone else's is the same as none). */
  endOne(user: User, id: string): Promise<boolean>;
}

/** The record's id: a hash of the JWT's secret `sid`, so neither the store nor the API ever shows a `sid`. */
const recordId = (sid: string) => createHash('sha256').update(sid).digest('base64url');

/**
 * The record id of verified claims, hashed once per claims object: the token codec hands out the same object
 * for the same cookie (verified-tokens.ts), so a browser's repeated requests skip the hash.
 */
const recordIds = new WeakMap<SessionClaims, string>();
function recordIdOf(claims: SessionClaims): string {
  let id = recordIds.get(claims);
  if (id === undefined) recordIds.set(claims, (id = recordId(claims.sid)));
  return id;
}

/**
 * A new session of `user` signed in at `now` (ms): its secret `sid`, for the JWT, and its record, which
 * ends `maxAge` seconds later at the latest.
 */
export function newSession(user: User, now: number, maxAge: number, userAgent: string) {
  const sid = randomBytes(32).toString('base64url');
  const shortened = userAgent.slice(0, maxUserAgentLength);
  const record: SessionRecord = {
    id: recordId(sid),
    tenantId: user.tenantId,
    userId: user.id,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + maxAge * 1000,
    userAgent: shortened,
    client: describeClient(shortened),
    profile: { name: user.name, email: user.email, roles: user.roles },
  };
  return { sid, record };
}

/** Neither the record nor the cookie holds a profile (a stored one that did not parse): no name, no roles. */
const noProfile: Profile = Object.freeze({ name: '', email: '', roles: [] });

/**
 * Sessions in `store`, with the lifetimes and secrets of `config`. A session's JWT lives at most
 * SESSION_IDLE_TIMEOUT and is re-issued while the user is active, until SESSION_MAX_AGE after sign-in.
 *
 * @example const sessions = await createSessions(config, store); await sessions.start(c, user);
 */
export async function createSessions(
  config: Pick<Config, 'sessionSecrets' | 'sessionMaxAge' | 'sessionIdleTimeout' | 'production'>,
  store: SessionStore,
): Promise<Sessions> {
  const tokens = await createSessionTokenCodec(config.sessionSecrets);
  const idleMs = config.sessionIdleTimeout * 1000;
  const cookie = cookieJar(sessionCookieName, {
    secure: config.production,
    sameSite: 'Lax',
    maxAge: config.sessionIdleTimeout,
  });

  /**
   * Signs a JWT valid until the idle deadline counted from now, never past the record's absolute end. It names
   * the session and its user only; `legacyProfile` is for a record that has no profile (see SessionClaims).
   */
  async function issueCookie(
    c: Context,
    user: SessionUser,
    sid: string,
    expiresAt: number,
    now: number,
    legacyProfile?: Profile,
  ) {
    const end = Math.min(now + idleMs, expiresAt);
    const token = await tokens.create(user, sid, Math.floor(end / 1000), legacyProfile);
    cookie.set(c, token, Math.max(1, Math.floor((end - now) / 1000)));
  }

  async function check(c: Context): Promise<ActiveSession> {
    const token = cookie.get(c);
    if (token === undefined) throw refusal('session_missing', 'Sign in to continue.');
    const claims = await tokens.read(token);
    const { sid, issuedAt, expiresAt } = claims;
    const { id, tenantId } = claims.user;
    const record = await store.get(recordIdOf(claims));
    if (!record || record.tenantId !== tenantId || record.userId !== id) {
      throw refusal('session_revoked', 'This session has ended. Please sign in again.');
    }
    const now = Date.now();
    if (!isLive(record, idleMs, now)) throw refusal('session_expired', 'Your session has expired.');
    if (now - record.lastSeenAt >= touchInterval) await store.touch(record.id, now);
    // The record's profile; a session signed in before it moved there has it in its cookie only.
    const profile = record.profile ?? claims.profile ?? noProfile;
    const legacyProfile = record.profile ? undefined : profile;
    // Sliding: past half its life, an active session gets a fresh JWT, up to the absolute end.
    if (now / 1000 > (issuedAt + expiresAt) / 2 && expiresAt * 1000 < record.expiresAt) {
      await issueCookie(c, claims.user, sid, record.expiresAt, now, legacyProfile);
    }
    return { user: { id, tenantId, name: profile.name, email: profile.email, roles: profile.roles }, record };
  }

  return {
    cookieName: storedCookieName(sessionCookieName, config.production),

    async start(c, user) {
      const now = Date.now();
      const { sid, record } = newSession(user, now, config.sessionMaxAge, c.req.header('User-Agent') ?? '');
      await store.create(record);
      await issueCookie(c, user, sid, record.expiresAt, now);
    },

    async read(c) {
      try {
        return await check(c);
      } catch (error) {
        // No cookie sent, none to clear: the common anonymous request goes without a Set-Cookie.
        if (error instanceof AuthError && error.code !== 'session_missing') cookie.clear(c);
        throw error;
      }
    },

    async end(c) {
      const token = cookie.get(c);
      cookie.clear(c);
      if (token === undefined) return;
      const claims = await tokens.read(token).catch(() => undefined);
      if (claims) await store.remove(recordId(claims.sid));
    },

    async endAll(c, user) {
      cookie.clear(c);
      await store.removeAll(user.tenantId, user.id);
    },

    list: (user) => store.list(user.tenantId, user.id),

    async endOne(user, id) {
      const record = await store.get(id);
      if (!record || record.tenantId !== user.tenantId || record.userId !== user.id) return false;
      return store.remove(id);
    },
  };
}

// The session cookie's value: an HS256 JWT naming the session record (`sid`) and its user (`tid`, `sub`), signed
// with the first secret, verified with any.
import { refusal } from '../errors.ts';
import { hs256Key, signHs256, verifyHs256 } from './hs256.ts';
import type { Profile } from './session-store.ts';
import { createVerifiedTokens } from './verified-tokens.ts';
import type { User } from '../user.ts';

/** Who a session belongs to: the `tid` + `oid` pair. */
export type SessionUser = Pick<User, 'id' | 'tenantId'>;

/** What a verified session token says. Times in seconds since the epoch, as in the JWT. */
export interface SessionClaims {
  user: SessionUser;
  /**
   * Name, e-mail and roles, only in a token signed before they moved to the session record (session-store.ts):
   * such a token keeps working, its record having none.
   */
  profile?: Profile;
  /** The session's secret id; its hash names the server-side record. */
  sid: string;
  issuedAt: number;
  expiresAt: number;
}

export interface SessionTokenCodec {
  /**
   * Signs a token for `user` and session `sid`, valid until `expiresAt` (seconds since the epoch). Only ids go
   * in, so the cookie is a few hundred bytes for anyone; `legacyProfile` renews a token signed before the
   * profile moved to the record, whose record has none, with the profile it carried.
   */
  create(user: SessionUser, sid: string, expiresAt: number, legacyProfile?: Profile): Promise<string>;
  /** The claims of a valid token, or throws an {@link AuthError} (`session_invalid`, `session_expired`). */
  read(token: string): Promise<SessionClaims>;
}

// Marks our own tokens so that no other JWT, even one signed with a leaked key of another app sharing
// the secret, is taken for a session.
const issuer = 'ms-signin/session';
const maxTokenLength = 4 * 1024;

/**
 * Signs with the first secret, verifies with any (rotation). HMAC-SHA256 with node:crypto (hs256.ts), the
 * claims checked as jose's `jwtVerify` checks them: `iss`; `sub`, `exp`, `iat` and `sid` present; `exp` in the
 * future, `nbf` (if any) not. A token that passed is remembered until its `exp` (verified-tokens.ts: keyed by
 * the exact token, bounded); what is checked on every request is the session record (sessions.ts).
 */
export async function createSessionTokenCodec(secrets: string[]): Promise<SessionTokenCodec> {
  const keys = secrets.map(hs256Key);
  const [signingKey] = keys;
  if (!signingKey) throw new Error('at least one session secret is required');
  const verified = createVerifiedTokens();

  return {
    async create(user, sid, expiresAt, legacyProfile) {
      const claims = { sid, tid: user.tenantId, ...legacyProfile };
      return signHs256({ ...claims, iss: issuer, sub: user.id, iat: epochSeconds(), exp: expiresAt }, signingKey);
    },

    async read(token) {
      const now = epochSeconds();
      const known = verified.get(token, now);
      if (known) return known;
      if (token.length > maxTokenLength) throw invalid();
      const payload = verifyHs256(token, keys);
      if (!payload) throw invalid(); // malformed, another algorithm, or not signed by any of our secrets
      const { iss, sub, iat, exp, nbf, sid, tid } = payload;
      if (iss !== issuer || sub === undefined || typeof sid !== 'string' || typeof tid !== 'string') throw invalid();
      if (typeof iat !== 'number' || typeof exp !== 'number') throw invalid();
      if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now)) throw invalid();
      if (exp <= now) throw refusal('session_expired', 'Your session has expired.');
      const claims: SessionClaims = { user: { id: String(sub), tenantId: tid }, sid, issuedAt: iat, expiresAt: exp };
      // A token signed before the profile moved to the record carries it (all three claims, always).
      if (payload.roles !== undefined || payload.name !== undefined) {
        claims.profile = {
          name: String(payload.name ?? ''),
          email: String(payload.email ?? ''),
          roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
        };
      }
      verified.add(token, claims);
      return claims;
    },
  };
}

const epochSeconds = () => Math.floor(Date.now() / 1000);
const invalid = () => refusal('session_invalid', 'Your session is not valid. Please sign in again.');

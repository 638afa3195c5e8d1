// The session cookie's value: an HS256 JWT naming the session record (`sid`) and carrying the user, signed
// with the first secret, verified with any.
import { errors, jwtVerify, SignJWT } from 'jose';
import { AuthError } from '../errors.ts';
import type { User } from '../user.ts';

/** What a verified session token says. Times in seconds since the epoch, as in the JWT. */
export interface SessionClaims {
  user: User;
  /** The session's secret id; its hash names the server-side record. */
  sid: string;
  issuedAt: number;
  expiresAt: number;
}

export interface SessionTokenCodec {
  /** Signs a token for `user` and session `sid`, valid until `expiresAt` (seconds since the epoch). */
  create(user: User, sid: string, expiresAt: number): Promise<string>;
  /** The claims of a valid token, or throws an {@link AuthError} (`session_invalid`, `session_expired`). */
  read(token: string): Promise<SessionClaims>;
}

// Marks our own tokens so that no other JWT, even one signed with a leaked key of another app sharing
// the secret, is taken for a session.
const issuer = 'ms-signin/session';
const maxTokenLength = 4 * 1024;

/** Imports the secrets once: verifying with a ready CryptoKey is about twice as fast as with raw bytes. */
export async function createSessionTokenCodec(secrets: string[]): Promise<SessionTokenCodec> {
  const keys = await Promise.all(
    secrets.map((secret) =>
      crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
        'verify',
      ]),
    ),
  );
  const [signingKey] = keys;
  if (!signingKey) throw new Error('at least one session secret is required');

  return {
    create(user, sid, expiresAt) {
      return new SignJWT({ sid, tid: user.tenantId, name: user.name, email: user.email, roles: user.roles })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(expiresAt)
        .sign(signingKey);
    },

    async read(token) {
      if (token.length > maxTokenLength) throw invalid();
      for (const key of keys) {
        try {
          const { payload } = await jwtVerify(token, key, {
            algorithms: ['HS256'],
            issuer,
            requiredClaims: ['sub', 'exp', 'iat', 'sid'],
          });
          if (typeof payload.sid !== 'string' || typeof payload.tid !== 'string') throw invalid();
          return {
            user: {
              id: String(payload.sub),
              tenantId: payload.tid,
              name: String(payload.name ?? ''),
              email: String(payload.email ?? ''),
              roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
            },
            sid: payload.sid,
            issuedAt: payload.iat!,
            expiresAt: payload.exp!,
          };
        } catch (error) {
          if (error instanceof errors.JWSSignatureVerificationFailed) continue; // maybe an older key's
          if (error instanceof errors.JWTExpired) throw new AuthError('session_expired', 'Your session has expired.');
          throw invalid();
        }
      }
      throw invalid();
    },
  };
}

const invalid = () => new AuthError('session_invalid', 'Your session is not valid. Please sign in again.');

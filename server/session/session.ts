// The session: the signed-in user in an HS256 JWT, signed with the first secret, verified with any.
import { errors, jwtVerify, SignJWT } from 'jose';
import { AuthError } from '../errors.ts';
import type { User } from '../user.ts';

export interface SessionCodec {
  /** Signs a session for `user`, valid for `maxAge` seconds. */
  create(user: User): Promise<string>;
  /** Returns the user of a valid session, or throws an {@link AuthError}. */
  read(token: string): Promise<User>;
}

// Marks our own tokens so that no other JWT, even one signed with a leaked key of another app sharing
// the secret, is taken for a session.
const issuer = 'ms-signin/session';
const maxSessionLength = 4 * 1024;

/** Imports the secrets once: verifying with a ready CryptoKey is about twice as fast as with raw bytes. */
export async function createSessionCodec(secrets: string[], maxAge: number): Promise<SessionCodec> {
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
    create(user) {
      return new SignJWT({ tid: user.tenantId, name: user.name, email: user.email, roles: user.roles })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(`${maxAge}s`)
        .sign(signingKey);
    },

    async read(token) {
      if (token.length > maxSessionLength) throw invalid();
      for (const key of keys) {
        try {
          const { payload } = await jwtVerify(token, key, {
            algorithms: ['HS256'],
            issuer,
            requiredClaims: ['sub', 'exp', 'iat'],
          });
          return {
            id: String(payload.sub),
            tenantId: String(payload.tid),
            name: String(payload.name ?? ''),
            email: String(payload.email ?? ''),
            roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
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

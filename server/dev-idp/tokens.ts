// ID and access tokens with the claims Microsoft Entra v2.0 puts in them, signed with the provider's key.
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { SigningKey } from './keys.ts';
import type { DevUser } from './users.ts';

export interface TokenContext {
  /** `${baseUrl}/${tenantId}/v2.0` */
  issuer: string;
  tenantId: string;
  clientId: string;
  /** Seconds from iat to exp. */
  tokenLifetime: number;
  key: SigningKey;
}

/** The delegated permission of the app's own API (scope `api://{clientId}/access_as_user`). */
export const apiPermission = 'access_as_user';

export function apiScope(clientId: string): string {
  return `api://${clientId}/${apiPermission}`;
}

/**
 * Entra's `sub` is pairwise: stable for one user in one app, different across apps, so apps that
 * compare it cannot correlate users. Here: base64url(sha256(oid + clientId)).
 */
export function pairwiseSubject(oid: string, clientId: string): string {
  return createHash('sha256')
    .update(oid + clientId)
    .digest('base64url');
}

/** base64url of `{"uid","utid"}`: MSAL builds its account id from it. */
export function clientInfo(user: DevUser, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: user.oid, utid: tenantId })).toString('base64url');
}

/** An ID token for the app (`aud` = client id unless overridden), with the nonce of the authorize request. */
export async function signIdToken(
  context: TokenContext,
  user: DevUser,
  extra: { nonce?: string; aud?: string } = {},
): Promise<string> {
  return sign(context, {
    ...commonClaims(context, user),
    aud: extra.aud ?? context.clientId,
    email: user.email,
    ...(extra.nonce === undefined ? {} : { nonce: extra.nonce }),
  });
}

/**
 * An access token for the app's own API (`aud` = `api://{clientId}`). `scp` is present only when the
 * request asked for `api://{clientId}/access_as_user`, as with Entra, so an API that checks `scp` refuses
 * a token obtained without that scope in development too. Never carries a nonce.
 */
export async function signAccessToken(context: TokenContext, user: DevUser, scopes: string[]): Promise<string> {
  return sign(context, {
    ...commonClaims(context, user),
    aud: `api://${context.clientId}`,
    azp: context.clientId,
    // "0": a public client (SPA), which has no secret or certificate.
    azpacr: '0',
    ...(scopes.includes(apiScope(context.clientId)) ? { scp: apiPermission } : {}),
  });
}

function commonClaims(context: TokenContext, user: DevUser): JWTPayload {
  return {
    ver: '2.0',
    iss: context.issuer,
    tid: context.tenantId,
    oid: user.oid,
    sub: pairwiseSubject(user.oid, context.clientId),
    name: user.name,
    preferred_username: user.email,
    ...(user.roles.length > 0 ? { roles: [...user.roles] } : {}),
    uti: randomBytes(16).toString('base64url'),
  };
}

async function sign(context: TokenContext, claims: JWTPayload): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: context.key.kid })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + context.tokenLifetime)
    .sign(context.key.privateKey);
}

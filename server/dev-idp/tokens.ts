// ID and access tokens with the claims Microsoft Entra puts in them, for each kind of account, signed with its key.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { KeySets, SigningKey } from './keys.ts';
import { sealPersonalGraphToken } from './personal-graph-token.ts';
import { issuerOf, tenantIdOf } from './tenants.ts';
import type { AccountKind, DevUser } from './users.ts';

export interface TokenContext {
  baseUrl: string;
  tenantId: string;
  externalTenantId: string;
  clientId: string;
  appName: string;
  /** Seconds from iat to exp. */
  tokenLifetime: number;
  keys: KeySets;
  /** AES-256 key of personal accounts' opaque Graph tokens, which only the Graph stand-in opens. */
  sealingKey: Buffer;
}

/** The delegated permission of the app's own API (scope `api://{clientId}/access_as_user`). */
export const apiPermission = 'access_as_user';

/** Microsoft Graph's application id: the `aud` of the access token of a plain sign-in. */
export const graphAudience = '00000003-0000-0000-c000-000000000000';

/** The Graph permissions Entra grants with a plain sign-in (User.Read is consented by default). */
export const graphScopes = 'openid profile User.Read email';

export function apiScope(clientId: string): string {
  return `api://${clientId}/${apiPermission}`;
}

/** True when the authorize request asked for the app's own API, so the access token is for it (not for Graph). */
export function requestsApiScope(scopes: readonly string[], clientId: string): boolean {
  return scopes.some((scope) => scope.toLowerCase() === apiScope(clientId));
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

/** The key that signs a kind of account's tokens: personal accounts have their own, as does External ID. */
export function signingKeyOf(keys: KeySets, kind: AccountKind): SigningKey {
  const set = kind === 'personal' ? keys.personal : kind === 'external-id' ? keys.externalId : keys.workforce;
  return set[0]!;
}

/** An ID token for the app (`aud` = client id unless overridden), with the nonce of the authorize request. */
export async function signIdToken(
  context: TokenContext,
  user: DevUser,
  extra: { nonce?: string; aud?: string } = {},
): Promise<string> {
  return signV2(context, user, {
    ...v2Claims(context, user),
    aud: extra.aud ?? context.clientId,
    email: user.email,
    ...(extra.nonce === undefined ? {} : { nonce: extra.nonce }),
  });
}

/**
 * The access token of the token response. As with Entra, it is for the app's own API only when the request
 * asked for `api://{clientId}/access_as_user` (then `aud` = `api://{clientId}`, `scp` = access_as_user);
 * otherwise it is a Microsoft Graph token, which the app's API must refuse.
 */
export async function signAccessToken(context: TokenContext, user: DevUser, scopes: string[]): Promise<string> {
  if (!requestsApiScope(scopes, context.clientId)) return graphAccessToken(context, user);
  return signV2(context, user, {
    ...v2Claims(context, user),
    aud: `api://${context.clientId}`,
    azp: context.clientId,
    // "0": a public client (SPA), which has no secret or certificate.
    azpacr: '0',
    scp: apiPermission,
  });
}

/** The `scope` of the token response: what the access token is good for, as Entra reports it. */
export function grantedScope(scopes: readonly string[], clientId: string): string {
  const openIdScopes = scopes.filter((scope) => ['openid', 'profile', 'email'].includes(scope));
  const resource = requestsApiScope(scopes, clientId) ? apiScope(clientId) : 'https://graph.microsoft.com/User.Read';
  return [...openIdScopes, resource].join(' ');
}

/**
 * A Microsoft Graph access token as Entra issues it: v1 (`iss` https://sts.windows.net/{tid}/), and a `nonce`
 * in the JWS header that Graph hashes before it checks the signature, so the token does not verify as issued.
 * Personal accounts get an opaque (encrypted, not JWT) Graph token from Microsoft (personal-graph-token.ts).
 */
async function graphAccessToken(context: TokenContext, user: DevUser): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  if (user.kind === 'personal') {
    return sealPersonalGraphToken(context.sealingKey, {
      oid: user.oid,
      scp: graphScopes,
      exp: now + context.tokenLifetime,
    });
  }
  const key = signingKeyOf(context.keys, user.kind);
  const tid = tenantIdOf(context, user.kind);
  const nonce = randomBytes(32).toString('base64url');
  const signed = await new SignJWT({
    aud: graphAudience,
    iss: `https://sts.windows.net/${tid}/`,
    acct: 0,
    acr: '1',
    amr: ['pwd'],
    app_displayname: context.appName,
    appid: context.clientId,
    appidacr: '0',
    idtyp: 'user',
    name: user.name,
    oid: user.oid,
    scp: graphScopes,
    sub: pairwiseSubject(user.oid, graphAudience),
    tid,
    unique_name: user.email,
    upn: user.email,
    uti: randomBytes(16).toString('base64url'),
    ver: '1.0',
  })
    .setProtectedHeader({ typ: 'JWT', nonce: hashedNonce(nonce), alg: 'RS256', x5t: key.kid, kid: key.kid })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + context.tokenLifetime)
    .sign(key.privateKey);
  const [, payload, signature] = signed.split('.');
  const header = { typ: 'JWT', nonce, alg: 'RS256', x5t: key.kid, kid: key.kid };
  return [Buffer.from(JSON.stringify(header)).toString('base64url'), payload, signature].join('.');
}

function hashedNonce(nonce: string): string {
  return createHash('sha256').update(nonce).digest('base64url');
}

function v2Claims(context: TokenContext, user: DevUser): JWTPayload {
  return {
    ver: '2.0',
    iss: issuerOf(context, user.kind),
    tid: tenantIdOf(context, user.kind),
    oid: user.oid,
    sub: pairwiseSubject(user.oid, context.clientId),
    name: user.name,
    preferred_username: user.email,
    // Entra gives personal accounts no app roles, whatever the app defines.
    ...(user.kind !== 'personal' && user.roles.length > 0 ? { roles: [...user.roles] } : {}),
    aio: randomUUID(),
    uti: randomBytes(16).toString('base64url'),
  };
}

async function signV2(context: TokenContext, user: DevUser, claims: JWTPayload): Promise<string> {
  const key = signingKeyOf(context.keys, user.kind);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + context.tokenLifetime)
    .sign(key.privateKey);
}

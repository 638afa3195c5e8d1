// How the Graph stand-in checks a bearer access token, as Microsoft Graph does: the provider's signature (after
// hashing the header's nonce, which is why no one but Graph can verify these tokens), Graph as the audience, a
// known tenant's v1 issuer, the lifetime, and the delegated scope; personal accounts' opaque tokens are opened.
import { createHash } from 'node:crypto';
import { compactVerify, importJWK, type CryptoKey } from 'jose';
import { openPersonalGraphToken } from './personal-graph-token.ts';
import { tenantIdOf } from './tenants.ts';
import { graphAudience, type TokenContext } from './tokens.ts';
import type { DevUser } from './users.ts';

export type GraphCaller = { ok: true; user: DevUser; scopes: string[] };
/** Graph's refusal: 401 for a token it does not accept, 403 for a scope it lacks. */
export type GraphRefusal = { ok: false; status: 401 | 403; code: string; message: string };

const clockSkew = 300; // seconds
// Graph accepts its application id and its URL as the audience (a v1 token for "https://graph.microsoft.com").
const audiences = new Set([graphAudience, 'https://graph.microsoft.com']);

const invalid = (message: string): GraphRefusal => ({
  ok: false,
  status: 401,
  code: 'InvalidAuthenticationToken',
  message,
});

/**
 * A checker of `Authorization` headers for tokens of this provider's users that must carry one of `scopes`.
 * @example const check = createGraphTokenCheck(tokens, users); const caller = await check(header, ['User.Read']);
 */
export function createGraphTokenCheck(context: TokenContext, users: readonly DevUser[]) {
  const keys = new Map<string, Promise<CryptoKey | Uint8Array>>();
  for (const key of [...context.keys.workforce, ...context.keys.externalId]) {
    keys.set(key.kid, importJWK({ ...key.publicJwk, alg: 'RS256' }, 'RS256'));
  }
  const tenants = new Set([tenantIdOf(context, 'workforce'), tenantIdOf(context, 'external-id')]);

  async function claimsOf(token: string): Promise<Record<string, unknown> | GraphRefusal> {
    const personal = openPersonalGraphToken(context.sealingKey, token);
    if (personal) return { ...personal, aud: graphAudience, tid: tenantIdOf(context, 'personal') };
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature || token.split('.').length !== 3) {
      return invalid('IDX14100: JWT is not well formed.');
    }
    let protectedHeader: Record<string, unknown>;
    try {
      protectedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return invalid('IDX14100: JWT is not well formed.');
    }
    const key = typeof protectedHeader.kid === 'string' ? keys.get(protectedHeader.kid) : undefined;
    if (!key) return invalid('Access token validation failure. Invalid signature.');
    // Entra signs a Graph token's header with SHA-256(nonce) in place of the nonce it shows (key order kept
    // by JSON); other tokens of the provider (an ID token, the app's API token) verify as they are.
    let signed = header;
    if (typeof protectedHeader.nonce === 'string') {
      protectedHeader.nonce = createHash('sha256').update(protectedHeader.nonce).digest('base64url');
      signed = Buffer.from(JSON.stringify(protectedHeader)).toString('base64url');
    }
    try {
      const { payload: verified } = await compactVerify(`${signed}.${payload}.${signature}`, await key, {
        algorithms: ['RS256'],
      });
      return JSON.parse(new TextDecoder().decode(verified)) as Record<string, unknown>;
    } catch {
      return invalid('Access token validation failure. Invalid signature.');
    }
  }

  return async function checkGraphToken(
    authorization: string | undefined,
    scopes: readonly string[],
  ): Promise<GraphCaller | GraphRefusal> {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return invalid('Access token is empty.');
    const claims = await claimsOf(token);
    if ('ok' in claims) return claims as GraphRefusal;
    if (!audiences.has(claims.aud as string)) return invalid('Access token validation failure. Invalid audience.');
    const personal = claims.tid === tenantIdOf(context, 'personal');
    if (!personal && (!tenants.has(claims.tid as string) || claims.iss !== `https://sts.windows.net/${claims.tid}/`)) {
      return invalid('Access token validation failure. Invalid issuer.');
    }
    const now = Math.floor(Date.now() / 1000);
    const exp = Number(claims.exp);
    if (!(exp + clockSkew > now) || (claims.nbf !== undefined && Number(claims.nbf) - clockSkew > now)) {
      return invalid('Lifetime validation failed, the token is expired.');
    }
    const user = users.find((candidate) => candidate.oid === claims.oid);
    if (!user) return invalid('Access token validation failure. The user does not exist.');
    const granted = String(claims.scp ?? '').split(' ');
    const lower = granted.map((scope) => scope.toLowerCase());
    if (!scopes.some((scope) => lower.includes(scope.toLowerCase()))) {
      return {
        ok: false,
        status: 403,
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
      };
    }
    return { ok: true, user, scopes: granted };
  };
}

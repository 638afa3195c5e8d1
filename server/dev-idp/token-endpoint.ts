// The token endpoint: redeems an authorization code, with PKCE, for an ID token and an access token.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AuthorizationCodeStore } from './authorization-codes.ts';
import type { DevIdpConfig } from './config.ts';
import { isLoopbackOrigin } from './loopback.ts';
import { oauthErrorBody, type OAuthErrorCode } from './oauth-error.ts';
import { verifyCodeVerifier } from './pkce.ts';
import { clientInfo, signAccessToken, signIdToken, type TokenContext } from './tokens.ts';

export function tokenEndpoint(config: DevIdpConfig, codes: AuthorizationCodeStore, tokens: TokenContext): Hono {
  const app = new Hono();
  const path = '/:tenant/oauth2/v2.0/token';

  // MSAL calls this with fetch from the page. Only the developer's own local pages may read the answer.
  app.use(
    path,
    cors({
      origin: (origin) => (isLoopbackOrigin(origin) ? origin : null),
      allowMethods: ['POST'],
      maxAge: 600,
    }),
  );

  app.post(path, async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    const correlationId = c.req.query('client-request-id');
    const fail = (error: OAuthErrorCode, description: string) =>
      c.json(oauthErrorBody(error, description, correlationId), 400);

    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return fail('invalid_request', 'The request body must be application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(await c.req.text());
    if (form.get('grant_type') !== 'authorization_code') {
      return fail('unsupported_grant_type', 'Only grant_type=authorization_code is supported.');
    }
    const code = form.get('code');
    if (!code) return fail('invalid_request', "The request body must contain the parameter 'code'.");

    // Taking the code removes it: whatever fails below, it cannot be tried again (RFC 6749 section 4.1.2).
    const taken = codes.take(code);
    if (!taken.ok) {
      return fail(
        'invalid_grant',
        taken.reason === 'expired'
          ? 'The authorization code has expired.'
          : 'The authorization code is unknown or was already redeemed.',
      );
    }
    const grant = taken.grant;
    if (form.get('client_id')?.toLowerCase() !== grant.clientId) {
      return fail('invalid_grant', 'The authorization code was issued to another client_id.');
    }
    if (form.get('redirect_uri') !== grant.redirectUri) {
      return fail('invalid_grant', 'The redirect_uri does not match the one of the authorization request.');
    }
    const verifier = form.get('code_verifier');
    if (!verifier) return fail('invalid_request', "PKCE is required: the body must contain 'code_verifier'.");
    // RFC 7636 section 4.6: only the holder of the verifier behind code_challenge may redeem the code.
    if (!verifyCodeVerifier(verifier, grant.codeChallenge)) {
      return fail('invalid_grant', 'The code_verifier does not match the code_challenge of the authorization request.');
    }

    const scopes = grant.scope.split(' ').filter((scope) => scope !== '');
    const [idToken, accessToken] = await Promise.all([
      signIdToken(tokens, grant.user, { nonce: grant.nonce }),
      signAccessToken(tokens, grant.user, scopes),
    ]);
    return c.json({
      token_type: 'Bearer',
      // No refresh token is issued, so offline_access is not granted.
      scope: scopes.filter((scope) => scope !== 'offline_access').join(' '),
      expires_in: config.tokenLifetime,
      ext_expires_in: config.tokenLifetime,
      access_token: accessToken,
      id_token: idToken,
      client_info: clientInfo(grant.user, config.tenantId),
    });
  });

  return app;
}

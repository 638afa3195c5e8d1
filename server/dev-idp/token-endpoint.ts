// The token endpoint: redeems an authorization code, with PKCE, for an ID token and an access token.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AuthorizationCodeStore } from './authorization-codes.ts';
import type { DevIdpConfig } from './config.ts';
import { invalidGrant, invalidRequest, redirectUriMismatch } from './entra-errors.ts';
import { oauthErrorBody, type EntraError } from './oauth-error.ts';
import { verifyCodeVerifier } from './pkce.ts';
import { isRegisteredRedirectUri, registeredOrigins } from './redirect-uris.ts';
import type { TenantEnv } from './tenant-middleware.ts';
import { tenantIdOf } from './tenants.ts';
import { clientInfo, grantedScope, signAccessToken, signIdToken, type TokenContext } from './tokens.ts';

export function tokenEndpoint(
  config: DevIdpConfig,
  codes: AuthorizationCodeStore,
  tokens: TokenContext,
): Hono<TenantEnv> {
  const app = new Hono<TenantEnv>();
  const path = '/:tenant/oauth2/v2.0/token';
  const origins = registeredOrigins(config.redirectUris);

  // MSAL calls this with fetch from the page. As Entra, CORS only for the origins of registered SPA redirect URIs.
  app.use(
    path,
    cors({
      origin: (origin) => (origins.has(origin) ? origin : null),
      allowMethods: ['POST'],
      maxAge: 600,
    }),
  );

  app.post(path, async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    const correlationId = c.req.query('client-request-id');
    const fail = (failure: EntraError) => c.json(oauthErrorBody(config.baseUrl, failure, correlationId), 400);

    const origin = c.req.header('origin');
    if (origin !== undefined && !origins.has(origin)) {
      return fail(
        invalidRequest(
          9002326,
          `Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.`,
        ),
      );
    }
    const form = (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(await c.req.text())
      : new URLSearchParams();
    if (!form.get('grant_type')) {
      return fail(invalidRequest(900144, "The request body must contain the following parameter: 'grant_type'."));
    }
    if (form.get('grant_type') !== 'authorization_code') {
      return fail({
        error: 'unsupported_grant_type',
        code: 70003,
        message: 'The app requested an unsupported grant type: only authorization_code is supported here.',
      });
    }
    const code = form.get('code');
    if (!code) return fail(invalidRequest(900144, "The request body must contain the following parameter: 'code'."));

    // Taking the code removes it: whatever fails below, it cannot be tried again (RFC 6749 section 4.1.2).
    const taken = codes.take(code);
    if (!taken.ok) {
      return fail(
        taken.reason === 'expired'
          ? invalidGrant(
              70008,
              'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
            )
          : invalidGrant(
              54005,
              'OAuth2 Authorization code was already redeemed or is unknown, please retry with a new valid code.',
            ),
      );
    }
    const grant = taken.grant;
    if (form.get('client_id')?.toLowerCase() !== grant.clientId) {
      return fail(
        invalidGrant(700005, 'Provided Authorization Code is intended to use against other tenant or client.'),
      );
    }
    const redirectUri = form.get('redirect_uri') ?? '';
    if (!isRegisteredRedirectUri(config.redirectUris, redirectUri)) {
      return fail(redirectUriMismatch(redirectUri, config.clientId));
    }
    if (redirectUri !== grant.redirectUri) {
      return fail(
        invalidGrant(
          70000,
          "The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code.",
        ),
      );
    }
    const verifier = form.get('code_verifier');
    if (!verifier) {
      return fail(
        invalidRequest(
          9002325,
          'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
        ),
      );
    }
    // RFC 7636 section 4.6: only the holder of the verifier behind code_challenge may redeem the code.
    if (!verifyCodeVerifier(verifier, grant.codeChallenge)) {
      return fail(
        invalidGrant(
          501481,
          'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        ),
      );
    }

    const scopes = grant.scope.split(' ').filter((scope) => scope !== '');
    const [idToken, accessToken] = await Promise.all([
      signIdToken(tokens, grant.user, { nonce: grant.nonce }),
      signAccessToken(tokens, grant.user, scopes),
    ]);
    return c.json({
      token_type: 'Bearer',
      // No refresh token is issued, so offline_access is not granted.
      scope: grantedScope(scopes, config.clientId),
      expires_in: config.tokenLifetime,
      ext_expires_in: config.tokenLifetime,
      access_token: accessToken,
      id_token: idToken,
      client_info: clientInfo(grant.user, tenantIdOf(config, grant.user.kind)),
    });
  });

  return app;
}

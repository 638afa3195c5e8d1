// The end-session endpoint: ends the provider session, then back to a registered post_logout_redirect_uri, or a
// "Signed out" page.
import { Hono } from 'hono';
import { authorizeRedirect } from './authorize-request.ts';
import type { DevIdpConfig } from './config.ts';
import { renderSignedOutPage } from './pages.ts';
import type { ProviderSessions } from './provider-sessions.ts';
import { isRegisteredRedirectUri } from './redirect-uris.ts';
import type { TenantEnv } from './tenant-middleware.ts';

export function logoutEndpoint(config: DevIdpConfig, sessions: ProviderSessions): Hono<TenantEnv> {
  const app = new Hono<TenantEnv>();

  app.get('/:tenant/oauth2/v2.0/logout', async (c) => {
    sessions.end(c);
    const target = c.req.query('post_logout_redirect_uri');
    // Like Entra, only to a redirect URI of the app registration: any other URL would make this an open redirect.
    if (target && isRegisteredRedirectUri(config.redirectUris, target)) {
      const state = c.req.query('state');
      return c.redirect(state ? authorizeRedirect(target, 'query', { state }) : target, 302);
    }
    const page = await renderSignedOutPage();
    return c.html(page.body, 200, page.headers);
  });

  return app;
}

// The end-session endpoint: back to a local post_logout_redirect_uri, or a "Signed out" page.
import { Hono } from 'hono';
import { isLoopbackRedirectUri } from './loopback.ts';
import { renderSignedOutPage } from './pages.ts';
import { authorizeRedirect } from './authorize-request.ts';

export function logoutEndpoint(): Hono {
  const app = new Hono();

  app.get('/:tenant/oauth2/v2.0/logout', async (c) => {
    const target = c.req.query('post_logout_redirect_uri');
    // Redirecting to any URL given in a link would make this an open redirect; only local pages qualify.
    if (target && isLoopbackRedirectUri(target)) {
      const state = c.req.query('state');
      return c.redirect(state ? authorizeRedirect(target, 'query', { state }) : target, 302);
    }
    const page = await renderSignedOutPage();
    return c.html(page.body, 200, page.headers);
  });

  return app;
}

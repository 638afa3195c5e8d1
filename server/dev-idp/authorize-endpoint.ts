// The authorize endpoint: GET shows the account picker, POST (the picker's form) issues a code.
import { Hono, type Context } from 'hono';
import type { AuthorizationCodeStore } from './authorization-codes.ts';
import { authorizeRedirect, carriedParameters, validateAuthorizeRequest } from './authorize-request.ts';
import type { DevIdpConfig } from './config.ts';
import { renderErrorPage, renderPickerPage, type Page } from './pages.ts';
import { clientInfo } from './tokens.ts';

export function authorizeEndpoint(config: DevIdpConfig, codes: AuthorizationCodeStore): Hono {
  const app = new Hono();
  const path = '/:tenant/oauth2/v2.0/authorize';

  app.get(path, async (c) => {
    const validation = validateAuthorizeRequest(new URL(c.req.url).searchParams, config.clientId);
    if (!validation.ok) {
      return validation.show === 'page'
        ? sendPage(c, await renderErrorPage(validation.error, validation.description), 400)
        : c.redirect(validation.location, 302);
    }
    const request = validation.request;
    // The provider keeps no session, so it can never sign in without showing the picker (OIDC Core 3.1.2.6).
    if (request.prompt === 'none') {
      return c.redirect(
        authorizeRedirect(request.redirectUri, request.responseMode, {
          error: 'login_required',
          error_description: 'prompt=none: the development identity provider has no session; pick an account.',
          state: request.state,
        }),
        302,
      );
    }
    const page = await renderPickerPage({
      users: config.users,
      hiddenFields: carriedParameters(request),
      redirectUri: request.redirectUri,
    });
    return sendPage(c, page, 200);
  });

  app.post(path, async (c) => {
    const form = (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(await c.req.text())
      : new URLSearchParams();
    // Everything is checked again: the form's hidden fields come back from the browser, not from us.
    const validation = validateAuthorizeRequest(form, config.clientId);
    if (!validation.ok) {
      return validation.show === 'page'
        ? sendPage(c, await renderErrorPage(validation.error, validation.description), 400)
        : c.redirect(validation.location, 302);
    }
    const request = validation.request;
    const respond = (response: Record<string, string | undefined>) =>
      c.redirect(
        authorizeRedirect(request.redirectUri, request.responseMode, { ...response, state: request.state }),
        302,
      );

    if (form.get('cancel')) {
      return respond({ error: 'access_denied', error_description: 'The user cancelled the sign-in.' });
    }
    const oid = form.get('oid')?.toLowerCase();
    const user = config.users.find((candidate) => candidate.oid === oid);
    if (!user) {
      return respond({ error: 'invalid_request', error_description: 'The chosen account is not a known test user.' });
    }
    const code = codes.issue({
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      nonce: request.nonce,
      scope: request.scope,
      user,
    });
    return respond({ code, client_info: clientInfo(user, config.tenantId) });
  });

  return app;
}

function sendPage(c: Context, page: Page, status: 200 | 400) {
  return c.html(page.body, status, page.headers);
}

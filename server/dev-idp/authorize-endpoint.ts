// The authorize endpoint: GET shows the account picker (or, with prompt=none, answers from the provider
// session), POST (the picker's form) issues a code or Entra's error.
import { Hono, type Context } from 'hono';
import type { AuthorizationCodeStore } from './authorization-codes.ts';
import {
  authorizeRedirect,
  carriedParameters,
  validateAuthorizeRequest,
  type AuthorizeContext,
  type AuthorizeRequest,
  type AuthorizeValidation,
} from './authorize-request.ts';
import type { DevIdpConfig } from './config.ts';
import {
  accountNotInTenant,
  consentRequired,
  invalidRequest,
  personalAccountNotSupported,
  userCancelled,
  userNotAssigned,
} from './entra-errors.ts';
import { errorTrace, redirectErrorParameters, type EntraError } from './oauth-error.ts';
import { renderErrorPage, renderPickerPage, type Page } from './pages.ts';
import type { ProviderSessions } from './provider-sessions.ts';
import { silentChoice } from './silent-sign-in.ts';
import type { TenantEnv } from './tenant-middleware.ts';
import { mayUseTenant, tenantIdOf } from './tenants.ts';
import { clientInfo } from './tokens.ts';
import type { DevUser } from './users.ts';

export function authorizeEndpoint(
  config: DevIdpConfig,
  codes: AuthorizationCodeStore,
  sessions: ProviderSessions,
): Hono<TenantEnv> {
  const app = new Hono<TenantEnv>();
  const path = '/:tenant/oauth2/v2.0/authorize';
  const context = (c: Context<TenantEnv>): AuthorizeContext => ({
    clientId: config.clientId,
    redirectUris: config.redirectUris,
    baseUrl: config.baseUrl,
    tenant: c.req.param('tenant') ?? '',
  });

  app.get(path, async (c) => {
    const validation = validateAuthorizeRequest(new URL(c.req.url).searchParams, context(c));
    if (!validation.ok) return refuse(c, validation);
    const request = validation.request;
    // OIDC Core 3.1.2.6: never show anything; answer from the provider session or with an error.
    if (request.prompt === 'none') {
      const choice = silentChoice(config.users, sessions.accounts(c), request.loginHint);
      return 'user' in choice
        ? grant(c, request, choice.user)
        : respondWith(c, request, errorParameters(request, choice.failure));
    }
    const tenant = c.get('tenant');
    const page = await renderPickerPage({
      users: config.users.filter((user) => mayUseTenant(user, tenant)),
      hiddenFields: carriedParameters(request),
      redirectUri: request.redirectUri,
    });
    return sendPage(c, page);
  });

  app.post(path, async (c) => {
    const form = (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(await c.req.text())
      : new URLSearchParams();
    // Everything is checked again: the form's hidden fields come back from the browser, not from us.
    const validation = validateAuthorizeRequest(form, context(c));
    if (!validation.ok) return refuse(c, validation);
    const request = validation.request;
    if (form.get('cancel')) {
      return respondWith(c, request, { ...errorParameters(request, userCancelled()), error_subcode: 'cancel' });
    }
    const oid = form.get('oid')?.toLowerCase();
    const user = config.users.find((candidate) => candidate.oid === oid);
    if (!user) {
      return respondWith(
        c,
        request,
        errorParameters(request, invalidRequest(90014, 'The chosen account is not a known test user.')),
      );
    }
    // The person has proved who they are, whatever this app then says: the provider session remembers them.
    sessions.add(c, user.oid);
    return grant(c, request, user);
  });

  /** A code for `user`, or Entra's refusal of them at this tenant or for this app. */
  function grant(c: Context<TenantEnv>, request: AuthorizeRequest, user: DevUser) {
    const tenant = c.get('tenant');
    const refusal = mayUseTenant(user, tenant)
      ? signInRefusal(config, user)
      : wrongTenant(config, user, tenant.segment);
    if (refusal) return respondWith(c, request, errorParameters(request, refusal));
    const code = codes.issue({
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      nonce: request.nonce,
      scope: request.scope,
      user,
    });
    return respondWith(c, request, { code, client_info: clientInfo(user, tenantIdOf(config, user.kind)) });
  }

  const errorParameters = (request: AuthorizeRequest, failure: EntraError) =>
    redirectErrorParameters(config.baseUrl, failure, request.correlationId);

  return app;
}

/** Back to the app's redirect URI with `response` and the request's state. */
function respondWith(c: Context, request: AuthorizeRequest, response: Record<string, string | undefined>) {
  return c.redirect(
    authorizeRedirect(request.redirectUri, request.responseMode, { ...response, state: request.state }),
    302,
  );
}

/** Entra's refusal of an account at a tenant it does not belong to (the picker only offers the right ones). */
function wrongTenant(config: DevIdpConfig, user: DevUser, tenant: string): EntraError {
  if (user.kind === 'personal') return personalAccountNotSupported();
  const identityProvider = `https://sts.windows.net/${tenantIdOf(config, user.kind)}/`;
  return accountNotInTenant(identityProvider, tenant, config.clientId, config.appName);
}

/** The error a real tenant gives this user instead of a code (users.json's signInError). */
function signInRefusal(config: DevIdpConfig, user: DevUser): EntraError | undefined {
  if (user.signInError === 'user_not_assigned') return userNotAssigned(config.appName, config.clientId);
  if (user.signInError === 'consent_required') return consentRequired(config.appName, config.clientId);
  return undefined;
}

async function refuse(c: Context<TenantEnv>, validation: Exclude<AuthorizeValidation, { ok: true }>) {
  if (validation.show === 'redirect') return c.redirect(validation.location, 302);
  // Entra shows its error page with 200: the popup stays on it and never returns to the app.
  return sendPage(c, await renderErrorPage(validation.failure, errorTrace(validation.correlationId)));
}

function sendPage(c: Context, page: Page) {
  return c.html(page.body, 200, page.headers);
}

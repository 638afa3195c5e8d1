// Validation of an authorize request (GET from MSAL, or the picker's POST) and the redirect back to the app.
import { applicationNotFound, invalidRequest, redirectUriMismatch } from './entra-errors.ts';
import { redirectErrorParameters, type EntraError } from './oauth-error.ts';
import { isS256CodeChallenge } from './pkce.ts';
import { isRegisteredRedirectUri } from './redirect-uris.ts';

export type ResponseMode = 'query' | 'fragment';

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  responseType: 'code';
  responseMode: ResponseMode;
  scope: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
  state?: string;
  nonce?: string;
  prompt?: string;
  /** The account the app expects (its username): how `prompt=none` picks among the provider session's. */
  loginHint?: string;
  /** MSAL's client-request-id, echoed as the correlation id of errors. */
  correlationId?: string;
}

export type AuthorizeValidation =
  | { ok: true; request: AuthorizeRequest }
  /** The client or redirect URI cannot be trusted: show Entra's error page, never redirect. */
  | { ok: false; show: 'page'; failure: EntraError; correlationId?: string }
  /** The redirect URI is trusted: send the error back to the app, as Entra does. */
  | { ok: false; show: 'redirect'; location: string };

const validatedNames = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'code_challenge',
  'code_challenge_method',
  'state',
  'nonce',
  'prompt',
  'login_hint',
  'client-request-id',
] as const;

/** The request parameters carried through the picker's hidden fields (extras such as x-client-* are dropped). */
export function carriedParameters(request: AuthorizeRequest): [string, string][] {
  const entries: [string, string | undefined][] = [
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['response_type', request.responseType],
    ['response_mode', request.responseMode],
    ['scope', request.scope],
    ['code_challenge', request.codeChallenge],
    ['code_challenge_method', request.codeChallengeMethod],
    ['state', request.state],
    ['nonce', request.nonce],
    ['client-request-id', request.correlationId],
  ];
  return entries.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

/** What the checks need to know: the app registration and where error pages point. */
export interface AuthorizeContext {
  clientId: string;
  redirectUris: readonly string[];
  baseUrl: string;
  /** The tenant path segment of the request, named in AADSTS700016. */
  tenant: string;
}

/**
 * Checks the parameters in the order that decides how an error may be reported: client and redirect URI
 * first (Entra's error page), then the rest (a redirect to the now trusted URI, as Entra does).
 */
export function validateAuthorizeRequest(params: URLSearchParams, context: AuthorizeContext): AuthorizeValidation {
  // RFC 6749 section 3.1: parameters must not be included more than once.
  const repeated = validatedNames.find((name) => params.getAll(name).length > 1);
  const get = (name: (typeof validatedNames)[number]) => params.get(name) || undefined;
  const correlationId = params.get('client-request-id') ?? undefined;

  const requestClientId = get('client_id');
  if (repeated === 'client_id' || requestClientId?.toLowerCase() !== context.clientId) {
    return page(applicationNotFound(requestClientId ?? '', context.tenant), correlationId);
  }
  const redirectUri = get('redirect_uri');
  if (
    repeated === 'redirect_uri' ||
    redirectUri === undefined ||
    !isRegisteredRedirectUri(context.redirectUris, redirectUri)
  ) {
    return page(redirectUriMismatch(redirectUri ?? '', context.clientId), correlationId);
  }

  const state = get('state');
  const modeParam = get('response_mode');
  // query is the default response mode of the code flow (OAuth 2.0 Multiple Response Type Encoding Practices).
  const responseMode: ResponseMode = modeParam === 'fragment' ? 'fragment' : 'query';
  const fail = (failure: EntraError): AuthorizeValidation => ({
    ok: false,
    show: 'redirect',
    location: authorizeRedirect(redirectUri, responseMode, {
      ...redirectErrorParameters(context.baseUrl, failure, correlationId),
      state,
    }),
  });

  if (repeated) return fail(invalidRequest(90015, `The parameter '${repeated}' is duplicated.`));
  if (modeParam !== undefined && modeParam !== 'query' && modeParam !== 'fragment') {
    return fail(invalidRequest(90014, `The response_mode '${modeParam}' is not supported; use fragment or query.`));
  }
  if (get('response_type') !== 'code') {
    return fail({
      error: 'unsupported_response_type',
      code: 700054,
      message: "Only response_type 'code' is enabled for a single-page application here.",
    });
  }
  const scope = get('scope');
  if (scope === undefined || !scope.split(' ').includes('openid')) {
    return fail({
      error: 'invalid_scope',
      code: 70011,
      message: "The provided value for the input parameter 'scope' is not valid: it must include 'openid'.",
    });
  }
  // Entra requires PKCE for SPA redirect URIs; only S256, since plain protects nothing.
  const codeChallenge = get('code_challenge');
  if (codeChallenge === undefined || get('code_challenge_method') !== 'S256') {
    return fail(
      invalidRequest(
        9002325,
        'Proof Key for Code Exchange is required for cross-origin authorization code redemption: send code_challenge with code_challenge_method=S256.',
      ),
    );
  }
  if (!isS256CodeChallenge(codeChallenge)) {
    return fail(invalidRequest(501491, 'Invalid size of Code_Challenge parameter.'));
  }

  return {
    ok: true,
    request: {
      clientId: context.clientId,
      redirectUri,
      responseType: 'code',
      responseMode,
      scope,
      codeChallenge,
      codeChallengeMethod: 'S256',
      state,
      nonce: get('nonce'),
      prompt: get('prompt'),
      loginHint: get('login_hint'),
      correlationId,
    },
  };
}

/**
 * The redirect URI with the response parameters in its query or fragment. Values are percent-encoded
 * (never `+` for a space), which every parser decodes back to the exact value, so `state` comes back verbatim.
 */
export function authorizeRedirect(
  redirectUri: string,
  responseMode: ResponseMode,
  response: Record<string, string | undefined>,
): string {
  const encoded = Object.entries(response)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  if (responseMode === 'fragment') return `${redirectUri}#${encoded}`;
  const url = new URL(redirectUri);
  return `${url.origin}${url.pathname}${url.search ? `${url.search}&` : '?'}${encoded}`;
}

function page(failure: EntraError, correlationId: string | undefined): AuthorizeValidation {
  return { ok: false, show: 'page', failure, correlationId };
}

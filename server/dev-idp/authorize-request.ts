// Validation of an authorize request (GET from MSAL, or the picker's POST) and the redirect back to the app.
import { isS256CodeChallenge } from './pkce.ts';
import { isLoopbackRedirectUri } from './loopback.ts';
import type { OAuthErrorCode } from './oauth-error.ts';

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
}

export type AuthorizeValidation =
  | { ok: true; request: AuthorizeRequest }
  /** The client or redirect URI cannot be trusted: show an error page, never redirect. */
  | { ok: false; show: 'page'; error: OAuthErrorCode; description: string }
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
  ];
  return entries.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

/**
 * Checks the parameters in the order that decides how an error may be reported: client and redirect URI
 * first (an error page), then the rest (a redirect to the now trusted URI).
 */
export function validateAuthorizeRequest(params: URLSearchParams, clientId: string): AuthorizeValidation {
  // RFC 6749 section 3.1: parameters must not be included more than once.
  const repeated = validatedNames.find((name) => params.getAll(name).length > 1);
  const get = (name: (typeof validatedNames)[number]) => params.get(name) || undefined;

  const requestClientId = get('client_id');
  if (repeated === 'client_id' || requestClientId?.toLowerCase() !== clientId) {
    return page('invalid_client', `Application '${requestClientId ?? ''}' is not the development app ${clientId}.`);
  }
  const redirectUri = get('redirect_uri');
  if (repeated === 'redirect_uri' || redirectUri === undefined || !isLoopbackRedirectUri(redirectUri)) {
    return page(
      'invalid_request',
      `The redirect_uri '${redirectUri ?? ''}' is not an http(s) URL on localhost, 127.0.0.1 or [::1] without a fragment.`,
    );
  }

  const state = get('state');
  const modeParam = get('response_mode');
  // query is the default response mode of the code flow (OAuth 2.0 Multiple Response Type Encoding Practices).
  const responseMode: ResponseMode = modeParam === 'fragment' ? 'fragment' : 'query';
  const fail = (error: OAuthErrorCode, description: string): AuthorizeValidation => ({
    ok: false,
    show: 'redirect',
    location: authorizeRedirect(redirectUri, responseMode, { error, error_description: description, state }),
  });

  if (repeated) return fail('invalid_request', `The parameter '${repeated}' is repeated.`);
  if (modeParam !== undefined && modeParam !== 'query' && modeParam !== 'fragment') {
    return fail('invalid_request', `The response_mode '${modeParam}' is not supported; use fragment or query.`);
  }
  if (get('response_type') !== 'code') {
    return fail('unsupported_response_type', 'Only response_type=code (authorization code flow) is supported.');
  }
  const scope = get('scope');
  if (scope === undefined || !scope.split(' ').includes('openid')) {
    return fail('invalid_scope', "The scope must include 'openid'.");
  }
  // Entra requires PKCE for SPA redirect URIs; only S256, since plain protects nothing.
  const codeChallenge = get('code_challenge');
  if (codeChallenge === undefined || get('code_challenge_method') !== 'S256') {
    return fail('invalid_request', 'PKCE is required: send code_challenge with code_challenge_method=S256.');
  }
  if (!isS256CodeChallenge(codeChallenge)) {
    return fail('invalid_request', 'The code_challenge is not a base64url SHA-256 digest (43 characters).');
  }

  return {
    ok: true,
    request: {
      clientId,
      redirectUri,
      responseType: 'code',
      responseMode,
      scope,
      codeChallenge,
      codeChallengeMethod: 'S256',
      state,
      nonce: get('nonce'),
      prompt: get('prompt'),
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

function page(error: OAuthErrorCode, description: string): AuthorizeValidation {
  return { ok: false, show: 'page', error, description };
}

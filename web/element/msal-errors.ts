// The `ms-error` detail of a failed MSAL popup: part of the lazily loaded chunk, since only MSAL throws these.
import { entraErrorNumber, msalErrorCode } from './msal.ts';
import type { SignInErrorDetail } from './errors.ts';
import { TokenError } from './token-error.ts';

const messages: Record<string, string> = {
  popup_blocked: 'The browser blocked the sign-in window. Allow pop-ups for this site, then try again.',
  // Entra shows some errors (AADSTS50011: this page is not a registered redirect URI) in the popup and never
  // comes back: all the page learns is that the window closed (docs/troubleshooting.md).
  popup_closed:
    "The sign-in window was closed before the sign-in finished. If it showed an error, give this site's owner its code (AADSTS…).",
  access_denied: 'The sign-in was cancelled.',
  timed_out: 'The sign-in window did not answer in time. Please try again.',
  microsoft_unreachable: "Could not reach Microsoft's sign-in service. Check the connection, then try again.",
  config_missing: 'No app registration: set client-id and tenant, or let the server answer GET /auth/config.',
  // getAccessToken()'s (token-error.ts): the page answers them, not the button.
  interaction_required:
    'Microsoft needs the person to confirm in a sign-in window: call getAccessToken() again from a click.',
  not_signed_in: 'Nobody is signed in: sign in first.',
  account_mismatch: 'Microsoft answered for another account than the one signed in here.',
};

// MSAL's `error.message` is only a link to its docs: its `errorCode` is what tells the cases apart.
const fromMsal: Record<string, string> = {
  popup_window_error: 'popup_blocked',
  empty_window_error: 'popup_blocked',
  user_cancelled: 'popup_closed',
  no_network_connectivity: 'microsoft_unreachable',
  post_request_failed: 'microsoft_unreachable',
  get_request_failed: 'microsoft_unreachable',
  endpoints_resolution_error: 'microsoft_unreachable',
};

/** What the app registration or the tenant lacks, by Entra's AADSTS number (docs/entra.md, "Before your first real tenant"). */
type EntraExplanation = { code: string; message(redirectUri: string): string }; // a sentence without its full stop

const consentRequired: EntraExplanation = {
  code: 'consent_required',
  message: () => 'An administrator of your organization must grant this app consent before you can sign in with it',
};
const accountNotAllowed: EntraExplanation = {
  code: 'account_not_allowed',
  message: () =>
    'This app does not accept this account (a personal account, or one of another organization). Sign in with another account',
};

const fromEntra: Record<string, EntraExplanation> = {
  '65001': consentRequired,
  '90094': consentRequired, // "needs permission … that only an admin can grant"
  '50105': {
    code: 'not_assigned',
    message: () =>
      'Your account has not been given access to this app. Ask an administrator of your organization to assign you to it',
  },
  '50011': {
    code: 'redirect_uri_not_registered',
    message: (uri) =>
      `This page is not registered for sign-in: the site's owner must add ${uri} as a Single-page application redirect URI of the app registration`,
  },
  '9002326': {
    code: 'redirect_uri_not_spa',
    message: (uri) =>
      `This page is registered for sign-in as a Web redirect URI: the site's owner must register ${uri} as a Single-page application redirect URI instead`,
  },
  '50020': accountNotAllowed, // a user of another tenant, not a guest of this one
  '500200': accountNotAllowed, // a personal Microsoft account, for an app of work or school accounts
  '700016': {
    code: 'app_not_found',
    message: () =>
      "This app's registration was not found in the chosen directory: the site's owner must check client-id and tenant",
  },
};

/** The detail for one of the codes above or an MSAL error code. */
export function errorDetail(code: string): SignInErrorDetail {
  const ours = fromMsal[code] ?? code;
  return { code: ours, message: messages[ours] ?? `The sign-in failed (${code}). Please try again.` };
}

/**
 * The detail for an error Entra sent back (`AADSTSnnnnn`): a stable code and a sentence that names the Entra
 * number, never Entra's own text (its trace and correlation ids, the tenant's and the user's names).
 * `redirectUri` is the popup's, named by the messages about its registration.
 */
function entraDetail(number: string, msalCode: string, redirectUri: string): SignInErrorDetail {
  const explained = fromEntra[number];
  if (explained) return { code: explained.code, message: `${explained.message(redirectUri)} (AADSTS${number}).` };
  const ours = fromMsal[msalCode] ?? msalCode;
  if (messages[ours]) return errorDetail(msalCode); // access_denied: the person declined (AADSTS65004)
  return {
    code: msalCode || 'sign_in_failed',
    message: `Microsoft refused the sign-in (AADSTS${number}). Please try again.`,
  };
}

/** No app registration from the attributes nor from the server (sign-in.ts, `loadClient`). */
export class ConfigMissingError extends Error {
  override name = 'ConfigMissingError';
}

/**
 * The detail for what MSAL or this chunk threw, or undefined for anything else. `redirectUri`: the popup's,
 * for the messages about its registration (what the page itself is, without one).
 */
export function describeMsalError(error: unknown, redirectUri?: string): SignInErrorDetail | undefined {
  if (error instanceof ConfigMissingError) return errorDetail('config_missing');
  if (error instanceof TokenError) return errorDetail(error.code);
  const code = msalErrorCode(error);
  if (code === undefined) return undefined;
  const number = entraErrorNumber(error);
  return number ? entraDetail(number, code, redirectUri ?? location.href) : errorDetail(code);
}

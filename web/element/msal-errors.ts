// The `ms-error` detail of a failed MSAL popup: part of the lazily loaded chunk, since only MSAL throws these.
import { msalErrorCode } from './msal.ts';
import type { SignInErrorDetail } from './errors.ts';

const messages: Record<string, string> = {
  popup_blocked: 'The browser blocked the sign-in window. Allow pop-ups for this site, then try again.',
  popup_closed: 'The sign-in window was closed before the sign-in finished.',
  access_denied: 'The sign-in was cancelled.',
  timed_out: 'The sign-in window did not answer in time. Please try again.',
  microsoft_unreachable: "Could not reach Microsoft's sign-in service. Check the connection, then try again.",
  config_missing: 'No app registration: set client-id and tenant, or let the server answer GET /auth/config.',
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

/** The detail for one of the codes above or an MSAL error code. */
export function errorDetail(code: string): SignInErrorDetail {
  const ours = fromMsal[code] ?? code;
  return { code: ours, message: messages[ours] ?? `The sign-in failed (${code}). Please try again.` };
}

/** No app registration from the attributes nor from the server (sign-in.ts, `loadClient`). */
export class ConfigMissingError extends Error {
  override name = 'ConfigMissingError';
}

/** The detail for what MSAL or this chunk threw, or undefined for anything else. */
export function describeMsalError(error: unknown): SignInErrorDetail | undefined {
  const code = error instanceof ConfigMissingError ? 'config_missing' : msalErrorCode(error);
  return code === undefined ? undefined : errorDetail(code);
}

// Turns a failed sign-in or server call into one sentence a person can act on.
import { ApiError } from '../api.ts';
import { msalErrorCode } from '../msal.ts';

export const popupBlocked = 'Your browser blocked the sign-in window. Allow pop-ups for this site, then try again.';
export const cancelled = 'Sign-in was cancelled.';
const microsoftUnreachable = "Could not reach Microsoft's sign-in service. Check your connection, then try again.";

// MSAL's `error.message` is only a link to its docs, so the code is all there is to go on.
const byMsalCode: Record<string, string> = {
  empty_window_error: popupBlocked,
  popup_window_error: popupBlocked,
  user_cancelled: cancelled,
  // Entra answers a click on "Cancel" in its consent screen with access_denied.
  access_denied: cancelled,
  interaction_in_progress: 'Another sign-in is still open. Finish or close it, then try again.',
  timed_out: 'The sign-in window did not answer in time. Please try again.',
  no_network_connectivity: microsoftUnreachable,
  post_request_failed: microsoftUnreachable,
  get_request_failed: microsoftUnreachable,
  endpoints_resolution_error: microsoftUnreachable,
};

/** The message to show for `error`, thrown by `api.ts` or `msal.ts`. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  const code = msalErrorCode(error);
  if (code) return byMsalCode[code] ?? `Sign-in failed (${code}). Please try again.`;
  return 'Something went wrong. Please try again.';
}

// The `ms-error` event's detail: a stable code a page can branch on, and a sentence for people.
import { ApiError } from './request.ts';

/** `ms-error`'s detail. `code` is one of the README's codes, a server error code, or an MSAL error code. */
export interface SignInErrorDetail {
  code: string;
  message: string;
}

/** What `signIn()` and `signOut()` reject with; the same code and message as the `ms-error` event. */
export class SignInError extends Error {
  override name = 'SignInError';
  readonly code: string;
  constructor(detail: SignInErrorDetail) {
    super(detail.message);
    this.code = detail.code;
  }
}

/** A failure with no better description; those that come from MSAL are described by msal-errors.ts. */
export const signInFailed: SignInErrorDetail = {
  code: 'sign_in_failed',
  message: 'The sign-in failed. Please try again.',
};

/**
 * The detail for a failed call to the auth server: its own code and message when it answered
 * (`nonce_mismatch`, `origin_not_allowed`, …), `network_error` with the likely cause when it did not, and
 * `sign_in_failed` for anything else. A plain detail, not the Error: JSON.stringify of an event detail must
 * show the message.
 */
export function describeFailure(error: unknown, server: string): SignInErrorDetail {
  if (!(error instanceof ApiError)) return signInFailed;
  return {
    code: error.code,
    // A CORS refusal looks exactly like an unreachable server from the page.
    message: error.status
      ? error.message
      : `Could not reach ${server}: is it running, with ${location.origin} in its ALLOWED_ORIGINS?`,
  };
}

// The popup half of a sign-in (docs/architecture.md, steps 7–11): opens the popup, then trades its ID token for
// the session cookie. Only a loaded MSAL runs it, so it ships in the MSAL chunk (sign-in.ts), not in the loader;
// the controller (sign-in-controller.ts) lends it its ports, state and transitions as a `PopupRun`.
import type { SignInErrorDetail } from './errors.ts';
import { rememberLoginHint } from './login-hint.ts';
import { usernameOf } from './login-hint-of.ts';
import { describeMsalError, errorDetail } from './msal-errors.ts';
import type { SignInClient } from './msal.ts';
import type { SignInPorts, SignInState } from './sign-in-controller.ts';
import type { User } from './types.ts';

/** One button's controller as the popup half sees it. */
export interface PopupRun {
  readonly ports: SignInPorts;
  readonly state: SignInState;
  readonly user: User | null;
  /** The newest popup of this button: an older one's token is dropped. */
  attempt: number;
  go(state: SignInState): void;
  /** Back to the sign-in button with an error; `retry` readies the next nonce at once (the default). */
  fail(detail: SignInErrorDetail, retry?: boolean): void;
  /** Readies the next nonce; failures are reported by the controller. */
  retry(): void;
  /** Makes sure a sign-in promise exists for the exchange to settle (a late token after "popup closed"). */
  join(): void;
}

/** A popup that closed itself after success still delivers its token within this time (docs/msal.md). */
export const closedPopupGrace = 1_500; // ms

/**
 * Opens the popup with `nonce` and carries the sign-in to its end. Synchronous up to `loginPopup`: an await
 * first would cost the click's user activation (docs/msal.md).
 * @example openPopup(run, msal, nonce) // from the click handler, MSAL initialized
 */
export function openPopup(
  run: PopupRun,
  msal: Pick<SignInClient, 'signIn'> & Partial<Pick<SignInClient, 'redirectUri'>>,
  nonce: string,
): void {
  const { ports } = run;
  const id = ++run.attempt;
  run.go('popupOpen');
  const onClosed = () =>
    ports.later(() => {
      // MSAL's promise stays pending: if the popup only looked closed, its late token still counts.
      if (run.attempt === id && run.state === 'popupOpen') run.fail(errorDetail('popup_closed'), false);
    }, closedPopupGrace);
  msal.signIn(nonce, onClosed).then(
    (idToken) => exchange(run, id, nonce, idToken),
    (error: unknown) => {
      if (run.attempt !== id) return; // superseded: the newer attempt reports for itself
      ports.nonce.spend(nonce);
      // Entra's errors name this popup's redirect URI (AADSTS50011, AADSTS9002326): msal-errors.ts.
      if (run.state === 'popupOpen') run.fail(describeMsalError(error, msal.redirectUri) ?? ports.describe(error));
      else run.retry(); // already reported as closed: only the nonce is gone
    },
  );
}

async function exchange(run: PopupRun, id: number, nonce: string, idToken: string): Promise<void> {
  const { ports } = run;
  if (run.attempt !== id) return; // a newer attempt runs: its token is the one that counts
  ports.nonce.spend(nonce); // the server takes a nonce once, whatever happens next
  if (run.user) return; // signed in meanwhile by another button or tab
  run.join(); // a late token after "popup closed": a click now joins it
  run.go('exchanging');
  try {
    const user = await ports.exchange(idToken);
    // auto-select's login_hint for the next visit: the username alone, never the token.
    const username = usernameOf(idToken) ?? user.email;
    if (username) rememberLoginHint(username);
    ports.session.set(user); // the subscription moves every button to signed in
  } catch (error) {
    if (run.state === 'exchanging') run.fail(ports.describe(error));
  }
}

// auto-select's half of the sign-in (docs/element.md, "Signed in on return"): with no session here and a username
// this browser signed in with before, MSAL's ssoSilent asks Microsoft in a hidden iframe, with a server nonce as
// usual, and an ID token that comes back is exchanged like a click's. Only a loaded MSAL runs it, so it ships in
// the MSAL chunk (sign-in.ts), as popup-flow.ts does. Nothing here is ever shown or reported: when Microsoft needs
// the person (login_required, interaction_required, consent_required), when the browser withholds Microsoft's
// cookies from the iframe, or past `autoSelectTimeout`, the button just stays ready for a click.
import { rememberedLoginHint } from './login-hint.ts';
import type { SignInClient } from './msal.ts';
import type { PopupRun } from './popup-flow.ts';

/** How long a person may wait for auto-select before it gives up; MSAL's own bound for the iframe is 10 s too. */
export const autoSelectTimeout = 10_000; // ms

/** The buttons that have had their one try: later readiness (a fresh nonce, every 5 minutes) tries nothing. */
const tried = new WeakSet<PopupRun>();

/**
 * For a button with `auto-select` (sign-in.ts asks only for those), tries once a sign-in without a click, when
 * it is first ready (MSAL and a nonce in hand).
 * @example autoSelect(run, msal) // from the controller, each time the button is ready
 */
export function autoSelect(run: PopupRun, msal: Pick<SignInClient, 'signInSilently'>): void {
  const { ports } = run;
  if (tried.has(run)) return;
  tried.add(run);
  const nonce = ports.nonce.current();
  const loginHint = rememberedLoginHint();
  // No hint: this browser never signed in here, or signed out since (no loop after a sign-out, as GIS).
  if (!nonce || !loginHint || run.user || run.state !== 'ready') return;
  const id = ++run.attempt;
  ports.nonce.spend(nonce); // the iframe's: a click meanwhile gets a fresh one, and opens its popup at once
  run.retry();
  // Past the bound the attempt counts as superseded: a late answer signs nobody in.
  ports.later(() => void (run.attempt === id && run.attempt++), autoSelectTimeout);
  msal
    .signInSilently(nonce, loginHint)
    .then(async (idToken) => {
      if (run.attempt !== id || run.user) return; // a click's popup, or the bound, came first
      // The button stays as it is meanwhile: nothing shows unless the person is signed in.
      ports.session.set(await ports.exchange(idToken), true);
    })
    .catch(
      // Microsoft needs the person, the iframe got no answer, or the server refused the token (a tenant it does
      // not accept, say: a click will say why): quiet by design.
      () => undefined,
    );
}

// Which account answers a `prompt=none` authorize request (OpenID Connect Core 3.1.2.6): one of the provider
// session's, chosen by `login_hint` as Entra chooses; or the error Entra gives when it would have to ask.
import { loginRequired, selectAccount } from './entra-errors.ts';
import type { EntraError } from './oauth-error.ts';
import type { DevUser } from './users.ts';

export type SilentChoice = { user: DevUser } | { failure: EntraError };

/**
 * `accounts` are the oids of the provider session (most recent first), `loginHint` the request's (MSAL sends
 * the account's username). No account, or none matching the hint: `login_required` (AADSTS50058). Several and
 * no hint: `interaction_required` (AADSTS16000, the account picker Entra would show). Whether the account may
 * use this app and tenant is decided afterwards, as for an account picked by hand.
 * @example silentChoice(users, sessions.accounts(c), request.loginHint)
 */
export function silentChoice(
  users: readonly DevUser[],
  accounts: string[],
  loginHint: string | undefined,
): SilentChoice {
  const signedIn = accounts.flatMap((oid) => users.filter((user) => user.oid === oid));
  const hint = loginHint?.trim().toLowerCase();
  const candidates = hint ? signedIn.filter((user) => user.email.toLowerCase() === hint) : signedIn;
  const [user] = candidates;
  if (!user) return { failure: loginRequired() };
  if (candidates.length > 1) return { failure: selectAccount() };
  return { user };
}

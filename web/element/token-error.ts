// The typed failures of getAccessToken() (docs/element.md), made in the MSAL chunk: the page branches on `code`.

export type TokenErrorCode = 'interaction_required' | 'not_signed_in' | 'account_mismatch';

/**
 * `interaction_required`: Microsoft needs the person (to sign in again, to pick an account, to consent) and the
 * call came without a click; `not_signed_in`: nobody is signed in here; `account_mismatch`: Microsoft answered
 * for another account than the one signed in here (picked in the popup), whose token is not handed out.
 */
export class TokenError extends Error {
  override name = 'TokenError';
  constructor(
    readonly code: TokenErrorCode,
    options?: ErrorOptions,
  ) {
    super(code, options);
  }
}

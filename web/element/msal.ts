// The only module that imports @azure/msal-browser: builds the client and runs the popup sign-in, the silent one
// (auto-select) and the access-token requests.
import {
  type AuthenticationResult,
  AuthError,
  EventType,
  InteractionRequiredAuthError,
  PublicClientApplication,
  type PopupEvent,
} from '@azure/msal-browser';
import { TokenError } from './token-error.ts';
import type { AuthConfig } from './types.ts';

/** Whose access token: the signed-in user's object and tenant ids, and the username to hint at Microsoft. */
export interface TokenAccount {
  id: string;
  tenantId: string;
  loginHint: string;
}

/** A ready MSAL client: `initialize()` has finished, so `signIn` may open the popup at once. */
export type SignInClient = {
  /**
   * Opens the Microsoft popup and resolves with the ID token. Call it synchronously from the click
   * handler, or the browser blocks the popup. `onPopupClosed` fires when the popup looks closed
   * while the page has focus, because MSAL 5 itself only notices that after `popupBridgeTimeout`.
   */
  signIn(nonce: string, onPopupClosed: () => void): Promise<string>;
  /**
   * Signs in without showing anything (MSAL's ssoSilent: `prompt=none` and `login_hint` in a hidden iframe)
   * and resolves with the ID token, which carries `nonce`. Rejects when Microsoft needs the person.
   */
  signInSilently(nonce: string, loginHint: string): Promise<string>;
  /**
   * An access token for `scopes` for `account`: from MSAL's cache, a refresh token or a hidden iframe; when
   * Microsoft needs the person, in a popup if `popupAllowed()` (a click is being handled), else a
   * `TokenError('interaction_required')`. A token of another account is refused (`account_mismatch`).
   */
  accessToken(scopes: string[], account: TokenAccount, popupAllowed: () => boolean): Promise<string>;
  /** Forgets accounts and tokens MSAL keeps in this tab; signs nobody out of Microsoft. */
  clearCache(): Promise<void>;
  /** The popup's redirect URI, absolute: the page Entra must know as a Single-page application redirect URI. */
  redirectUri: string;
};

const popupPollInterval = 250; // ms

/** Creates and initializes the MSAL client from the server's `/auth/config`. */
export async function createSignInClient(config: AuthConfig): Promise<SignInClient> {
  const redirectUri = new URL(config.redirectUri, location.origin).href;
  const msal = new PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: config.knownAuthorities,
      authorityMetadata: config.authorityMetadata ?? '',
      redirectUri,
    },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await msal.initialize();

  let watchPopup: ((popup: Window) => void) | undefined;
  msal.addEventCallback(
    (message) => {
      const popup = (message.payload as PopupEvent | null)?.popupWindow;
      if (popup) watchPopup?.(popup);
    },
    [EventType.POPUP_OPENED],
  );

  return {
    signIn(nonce, onPopupClosed) {
      let poll: number | undefined;
      const watch = (popup: Window) => {
        // A page whose popup went to a Cross-Origin-Opener-Policy site also sees `closed`, while the
        // person is still signing in there; only a closed popup gives the focus back to this page.
        poll = window.setInterval(() => {
          if (!popup.closed || !document.hasFocus()) return;
          window.clearInterval(poll);
          onPopupClosed();
        }, popupPollInterval);
      };
      watchPopup = watch;
      return msal
        .loginPopup({
          scopes: config.scopes,
          nonce,
          prompt: 'select_account',
          // The page runs one sign-in at a time, so a leftover "in progress" flag is always stale
          // (a popup closed by hand leaves it set until the bridge times out).
          overrideInteractionInProgress: true,
        })
        .then((result) => result.idToken)
        .finally(() => {
          window.clearInterval(poll);
          if (watchPopup === watch) watchPopup = undefined;
        });
    },
    signInSilently: (nonce, loginHint) =>
      msal.ssoSilent({ scopes: config.scopes, nonce, loginHint }).then((result) => result.idToken),
    async accessToken(scopes, account, popupAllowed) {
      const known = msal
        .getAllAccounts()
        .find((candidate) => candidate.localAccountId === account.id && candidate.tenantId === account.tenantId);
      let result: AuthenticationResult;
      try {
        result = known
          ? await msal.acquireTokenSilent({ scopes, account: known })
          : await msal.ssoSilent({ scopes, loginHint: account.loginHint });
      } catch (error) {
        if (!needsInteraction(error)) throw error;
        if (!popupAllowed()) throw new TokenError('interaction_required', { cause: error });
        result = await msal.acquireTokenPopup({ scopes, loginHint: account.loginHint });
      }
      if (result.account?.localAccountId !== account.id || result.account.tenantId !== account.tenantId) {
        throw new TokenError('account_mismatch');
      }
      return result.accessToken;
    },
    clearCache: () => msal.clearCache(),
    redirectUri,
  };
}

/**
 * Whether Microsoft needs the person: login_required, interaction_required, consent_required (MSAL's
 * InteractionRequiredAuthError), or no answer from the hidden iframe in time (`timed_out`: the browser may
 * have withheld Microsoft's cookies, or the redirect page did not answer).
 */
function needsInteraction(error: unknown): boolean {
  return (
    error instanceof InteractionRequiredAuthError ||
    (error instanceof AuthError && ['timed_out', 'no_account_error'].includes(error.errorCode))
  );
}

/** MSAL's error code (`user_cancelled`, `timed_out`, …), or undefined for other errors. */
export function msalErrorCode(error: unknown): string | undefined {
  return error instanceof AuthError ? error.errorCode : undefined;
}

/**
 * The number of Entra's `AADSTSnnnnn` error behind an MSAL error, or undefined. MSAL keeps it as `errorNo`
 * (from `error_uri`'s `code=` on a redirect, from `error_codes` on the token endpoint) when Entra sends it;
 * the `AADSTSnnnnn:` that opens Entra's `error_description` is the fallback.
 */
export function entraErrorNumber(error: unknown): string | undefined {
  if (!(error instanceof AuthError)) return undefined;
  const errorNo = (error as { errorNo?: unknown }).errorNo;
  if ((typeof errorNo === 'string' || typeof errorNo === 'number') && /^\d+$/.test(String(errorNo))) {
    return String(errorNo);
  }
  return /\bAADSTS(\d+)/.exec(error.errorMessage)?.[1];
}

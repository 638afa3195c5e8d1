// The only module that imports @azure/msal-browser: builds the client and runs the popup sign-in.
import { AuthError, EventType, PublicClientApplication, type PopupEvent } from '@azure/msal-browser';
import type { AuthConfig } from './types.ts';

/** A ready MSAL client: `initialize()` has finished, so `signIn` may open the popup at once. */
export type SignInClient = {
  /**
   * Opens the Microsoft popup and resolves with the ID token. Call it synchronously from the click
   * handler, or the browser blocks the popup. `onPopupClosed` fires when the popup looks closed
   * while the page has focus, because MSAL 5 itself only notices that after `popupBridgeTimeout`.
   */
  signIn(nonce: string, onPopupClosed: () => void): Promise<string>;
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
    clearCache: () => msal.clearCache(),
    redirectUri,
  };
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

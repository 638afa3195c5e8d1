// auto-select's login_hint between visits (docs/element.md): the username this browser last signed in with on
// this site, in the page's localStorage; a username only, never a token. Read and written by the MSAL chunk
// (silent-flow.ts, popup-flow.ts, token-flow.ts); the loader only forgets it at sign-out
// (forget-login-hint.ts, which names the same key). Storage may be unavailable (blocked, a sandboxed frame):
// then nothing is remembered, and auto-select never tries.

export const loginHintKey = 'ms-signin login-hint';

/** The remembered username, or null. */
export function rememberedLoginHint(): string | null {
  try {
    return localStorage.getItem(loginHintKey);
  } catch {
    return null;
  }
}

/** Remembers `username` after an explicit sign-in. */
export function rememberLoginHint(username: string): void {
  try {
    localStorage.setItem(loginHintKey, username);
  } catch {
    // nothing remembered: no automatic sign-in next time
  }
}

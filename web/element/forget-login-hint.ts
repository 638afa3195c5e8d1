// The loader's part of auto-select's login_hint (login-hint.ts, in the MSAL chunk, keeps it): forgetting it at
// sign-out, so that no automatic sign-in follows until the next explicit one. The same key as login-hint.ts,
// written twice so that the loader and the chunk share no module (login-hint.test.ts checks they agree).

/** Forgets the remembered username, if storage can be used at all. */
export function forgetLoginHint(): void {
  try {
    localStorage.removeItem('ms-signin login-hint');
  } catch {
    // storage unavailable: nothing was remembered either
  }
}

// Tells whether this page is the sign-in popup coming back with Microsoft's answer (the host page is the
// redirect URI), without loading MSAL: then only the small redirect bridge must run.

/** MSAL's `state` starts with base64 JSON `{"id": "<guid>", "meta": {"interactionType": "popup"}}`. */
function isMsalPopupState(state: string): boolean {
  const libraryState = state.split('|')[0] ?? '';
  try {
    const json = atob(libraryState.replace(/-/g, '+').replace(/_/g, '/'));
    const parsed = JSON.parse(json) as { id?: unknown; meta?: { interactionType?: unknown } } | null;
    const type = parsed?.meta?.interactionType;
    return typeof parsed?.id === 'string' && (type === 'popup' || type === 'silent');
  } catch {
    return false;
  }
}

/**
 * True when `url` carries an authorization response (`code` or `error`) whose `state` MSAL made for a
 * popup: in the hash (MSAL asks for `response_mode=fragment`) or the query. Another app's OAuth
 * response, or a hash route, is not one.
 * @example if (isPopupResponse(location.href)) void import('./bridge.ts')
 */
export function isPopupResponse(url: string): boolean {
  const { hash, search } = new URL(url);
  return [hash, search].some((part) => {
    const params = new URLSearchParams(part.slice(1));
    const state = params.get('state');
    return state !== null && (params.has('code') || params.has('error')) && isMsalPopupState(state);
  });
}

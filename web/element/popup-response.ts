// Tells whether this page is the sign-in popup coming back with Microsoft's answer (the host page is the
// redirect URI), without loading MSAL: then only the small redirect bridge must run.

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
    try {
      // MSAL's `state` starts with base64(url) JSON `{"id": "<guid>", "meta": {"interactionType": "popup"}}`.
      const base64 = params.get('state')!.split('|')[0]!.replace(/-/g, '+').replace(/_/g, '/');
      const { id, meta } = JSON.parse(atob(base64)) as { id?: unknown; meta: { interactionType?: unknown } };
      const type = meta.interactionType;
      return (
        (params.has('code') || params.has('error')) && typeof id === 'string' && (type === 'popup' || type === 'silent')
      );
    } catch {
      return false; // no state, or not MSAL's: not base64, not JSON, no `meta`
    }
  });
}

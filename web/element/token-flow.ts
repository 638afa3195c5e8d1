// getAccessToken() and the picture attribute (docs/element.md): access tokens for the signed-in account, through
// MSAL (msal.ts: silently, else a popup only within a click), and the person's photo from Microsoft Graph. Only a
// loaded MSAL runs them, so they ship in the MSAL chunk (sign-in.ts), as popup-flow.ts does.
import { rememberedLoginHint } from './login-hint.ts';
import type { SignInClient } from './msal.ts';
import type { PopupRun } from './popup-flow.ts';
import { TokenError } from './token-error.ts';

/**
 * An access token for `scopes` (`['User.Read']` for Graph, `['api://{client}/access_as_user']` for this
 * product's API) for the user signed in here. When Microsoft turns out to need the person, a popup opens only
 * for a call made from a click (`gesture`, the browser's user activation when the page called) whose
 * activation still holds (a click's lasts about 5 seconds in Chromium, long enough for MSAL to load and try
 * silently first); any other call is refused with `interaction_required`, which a page answers with a button.
 */
export function accessTokenFor(
  run: PopupRun,
  msal: Pick<SignInClient, 'accessToken'>,
  scopes: string[],
  gesture = false,
): Promise<string> {
  const user = run.user;
  if (!user) return Promise.reject(new TokenError('not_signed_in'));
  const loginHint = rememberedLoginHint() ?? user.email;
  return msal.accessToken(
    scopes,
    { id: user.id, tenantId: user.tenantId, loginHint },
    () => gesture && navigator.userActivation?.isActive === true,
  );
}

/** One photo request per person per page, whichever buttons show it and however often they render. */
const pictures = new Map<string, Promise<string | undefined>>();

/**
 * The signed-in person's photo as an object URL (Graph `/me/photo/$value` at `graph`, its origin), or undefined
 * when they have none, or no token or answer can be had without them: the element then shows their initials.
 * Never a popup. Graph answers CORS to any origin without credentials, so no cookie goes with the request.
 */
export function pictureFor(run: PopupRun, msal: Pick<SignInClient, 'accessToken'>, graph: string) {
  const user = run.user;
  if (!user) return Promise.resolve(undefined);
  const key = `${user.tenantId}.${user.id}`;
  let picture = pictures.get(key);
  if (!picture) {
    picture = accessTokenFor(run, msal, ['User.Read'])
      .then((token) =>
        fetch(`${graph}/v1.0/me/photo/$value`, { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit' }),
      )
      .then(async (response) => (response.ok ? URL.createObjectURL(await response.blob()) : undefined))
      // No photo (Graph's 404) or no answer: the initials, until the page is loaded again.
      .catch(() => undefined);
    pictures.set(key, picture);
  }
  return picture;
}

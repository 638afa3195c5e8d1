// Loaded after the button is painted (the MSAL chunk, about 69 KB gzip): one ready MSAL client per
// app registration on the page, shared by every button that uses it. Imports nothing at run time from
// the loader's modules: a second copy of the loader (another URL) would break `instanceof` checks.
import { describeCrossSite } from './cross-site.ts';
import type { SignInErrorDetail } from './errors.ts';
import { withExternalIdIssuerHost } from './external-id-issuer.ts';
import { graphOriginFor, redirectUriFor, type RegistrationAttributes, resolveMsalConfig } from './msal-config.ts';
import { ConfigMissingError, describeMsalError } from './msal-errors.ts';
import { createSignInClient } from './msal.ts';
import { openPopup } from './popup-flow.ts';
import type { PopupClient } from './sign-in-controller.ts';
import { autoSelect } from './silent-flow.ts';
import { accessTokenFor, pictureFor } from './token-flow.ts';
import type { AuthConfig } from './types.ts';

export { decorate } from './decorations.ts';

/** The `ms-error` detail for what MSAL, this chunk or a cross-site exchange threw; undefined for the rest. */
export const describe = (error: unknown, server: string): SignInErrorDetail | undefined =>
  describeMsalError(error) ?? describeCrossSite(error, server);

/** Reads one of the element's attributes (`client-id`, `tenant`, `authority-host`, `redirect-uri`). */
export type AttributeReader = (name: string) => string | null;

const clients = new Map<string, Promise<PopupClient>>();

/**
 * The client for the element's attributes (read now: they may have changed since load) on top of the server's settings (`GET /auth/config`, fetched while
 * this chunk loaded). A server without that endpoint is fine when the attributes name the app registration;
 * a server not reached at all (status 0) is not.
 */
export async function loadClient(
  serverConfig: Promise<AuthConfig>,
  attribute: AttributeReader,
  pageUrl: string,
): Promise<PopupClient> {
  const attributes: RegistrationAttributes = {
    clientId: attribute('client-id') ?? undefined,
    tenant: attribute('tenant') ?? undefined,
    authorityHost: attribute('authority-host') ?? undefined,
  };
  const server = await serverConfig.catch((error: { status?: unknown }) => {
    if (error.status === 0) throw error;
    return undefined;
  });
  const config = resolveMsalConfig(attributes, server, redirectUriFor(attribute('redirect-uri'), pageUrl));
  if (!config) throw new ConfigMissingError();
  const client = await signInClient(await withExternalIdIssuerHost(config));
  // The client is the app registration's, shared; auto-select is this button's.
  return attribute('auto-select') === null ? { ...client, ready: () => undefined } : client;
}

/**
 * An initialized client for `config`. Two MSAL instances of one app in one page would share its
 * "interaction in progress" flag and trip over each other, hence the cache.
 */
export function signInClient(config: AuthConfig): Promise<PopupClient> {
  const key = JSON.stringify(config);
  let client = clients.get(key);
  if (!client) {
    const graph = graphOriginFor(config);
    client = createSignInClient(config).then((msal) => ({
      open: (run, nonce) => openPopup(run, msal, nonce),
      ready: (run) => autoSelect(run, msal),
      token: (run, scopes, gesture) => accessTokenFor(run, msal, scopes, gesture),
      photo: (run) => pictureFor(run, msal, graph),
      clearCache: msal.clearCache,
    }));
    clients.set(key, client);
    client.catch(() => clients.delete(key)); // a failed start may be retried
  }
  return client;
}

// Loaded after the button is painted (the MSAL chunk, about 70 KB gzip): one ready MSAL client per
// app registration on the page, shared by every button that uses it. Imports nothing at run time from
// the loader's modules: a second copy of the loader (another URL) would break `instanceof` checks.
import type { AuthConfig } from '../api.ts';
import { createSignInClient, type SignInClient } from '../msal.ts';

export type { SignInClient };
export { redirectUriFor, resolveMsalConfig } from './msal-config.ts';
export { describeMsalError, errorDetail } from './msal-errors.ts';

const clients = new Map<string, Promise<SignInClient>>();

/**
 * An initialized client for `config`. Two MSAL instances of one app in one page would share its
 * "interaction in progress" flag and trip over each other, hence the cache.
 */
export function signInClient(config: AuthConfig): Promise<SignInClient> {
  const key = JSON.stringify(config);
  let client = clients.get(key);
  if (!client) {
    client = createSignInClient(config);
    clients.set(key, client);
    client.catch(() => clients.delete(key)); // a failed start may be retried
  }
  return client;
}

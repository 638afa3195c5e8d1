// The sign-in's options for this app, in development (vite.config.ts) and production (server.ts): real Microsoft
// Entra ID when ENTRA_CLIENT_ID is set, else the offline development identity provider.
import { startDevIdp } from 'ms-signin/dev-idp';
import type { SignInOptions } from 'ms-signin/hono';

/** The options for a page served on `port`: the offline provider registers that page as a redirect URI. */
export async function signInOptions(port: number): Promise<SignInOptions> {
  const { ENTRA_CLIENT_ID, ENTRA_TENANT_ID, SESSION_SECRET } = process.env;
  if (ENTRA_CLIENT_ID) return { clientId: ENTRA_CLIENT_ID, tenantId: ENTRA_TENANT_ID, sessionSecret: SESSION_SECRET };
  const idp = await startDevIdp({ redirectUris: [`http://localhost:${port}/`] });
  return { clientId: idp.clientId, authority: idp.authority };
}

// `ms-signin/dev-idp`: the offline identity provider of `npm run dev`, started inside your own app's development
// server, so that your app signs in and is tested with no tenant and no internet (docs/library.md).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createDevIdp, DevIdpConfigError, type DevUser, type DevUserInput } from '../dev-idp/dev-idp.ts';
import usersFile from '../dev-idp/users.json' with { type: 'json' };
import { parseUsersFile } from '../dev-idp/users.ts';

export type { AccountKind, DevUser, DevUserInput, SignInError } from '../dev-idp/dev-idp.ts';
export { DevIdpConfigError } from '../dev-idp/dev-idp.ts';

const defaults = parseUsersFile(usersFile, 'server/dev-idp/users.json');

export interface StartDevIdpOptions {
  /**
   * The app registration's SPA redirect URIs, exactly as Entra would hold them: every page that shows the
   * button, as the browser shows it without query and fragment (`http://localhost:3000/`), or the page that
   * its `redirect-uri` names. Another page gets Entra's error AADSTS50011 in the popup, as with a real tenant.
   */
  redirectUris: string[];
  /** Port on `localhost`; 0 or none: a free one. */
  port?: number;
  /**
   * The test users of the account picker.
   * @default Adele Vance, Megan Bowen (app role Admin), Lee Gu (not assigned to the app: AADSTS50105),
   * Alex Wilber (consent required: AADSTS65001), and an External ID customer and a personal account.
   */
  users?: DevUserInput[];
}

export interface StartedDevIdp {
  /** The authority to pass to `createSignIn({ authority })`: a workforce tenant of this provider. */
  authority: string;
  /** The emulated app registration's client id, for `createSignIn({ clientId })`. */
  clientId: string;
  /** The emulated tenant's id: the `tenantId` of users who sign in here. */
  tenantId: string;
  /** Where the provider listens, e.g. `http://localhost:41231`. */
  url: string;
  users: readonly DevUser[];
  /** Stops the provider. */
  close(): Promise<void>;
}

/**
 * Starts the development identity provider on `localhost`: Microsoft Entra's endpoints (discovery, keys,
 * authorize with an account picker, token) for one app registration, as strict as Entra. Never in production:
 * with `NODE_ENV=production` it refuses to start.
 *
 * @example
 * ```ts
 * const idp = await startDevIdp({ redirectUris: ['http://localhost:3000/'] });
 * const signIn = await createSignIn({ clientId: idp.clientId, authority: idp.authority });
 * ```
 */
export async function startDevIdp(options: StartDevIdpOptions): Promise<StartedDevIdp> {
  if (process.env.NODE_ENV === 'production') {
    throw new DevIdpConfigError('startDevIdp: the development identity provider never runs in production (NODE_ENV)');
  }
  const { redirectUris, port = 0, users } = options ?? {};
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) {
    throw new DevIdpConfigError(
      "startDevIdp: options.redirectUris must list your pages that show the button, e.g. ['http://localhost:3000/']",
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DevIdpConfigError(`startDevIdp: options.port must be a port number (0 for a free one), got ${port}`);
  }
  // Listen first: the provider's issuer and endpoints carry the port, which 0 leaves to the system.
  let answer: ReturnType<typeof getRequestListener> = async (_request, response) => {
    response.writeHead(503, { 'Retry-After': '1' }).end();
  };
  const server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, 'localhost', resolve));
  try {
    const url = `http://localhost:${(server.address() as AddressInfo).port}`;
    // users.json's tenants and app registration, from the bundle: the package carries no data file.
    const { tenantId, tenantDomain, externalTenant, clientId, appName, users: testUsers } = defaults;
    const settings = { tenantId, tenantDomain, externalTenantId: externalTenant.tenantId, clientId, appName };
    const idp = await createDevIdp({ baseUrl: url, ...settings, redirectUris, users: users ?? testUsers }).catch(
      (error) => {
        // Its checks name createDevIdp, the function underneath: name the one the app called.
        if (error instanceof DevIdpConfigError)
          throw new DevIdpConfigError(error.message.replace(/^createDevIdp/, 'startDevIdp'));
        throw error;
      },
    );
    answer = getRequestListener(idp.app.fetch, { overrideGlobalObjects: false });
    return {
      authority: `${url}/${idp.tenantId}`,
      clientId: idp.clientId,
      tenantId: idp.tenantId,
      url,
      users: idp.users,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  } catch (error) {
    server.close();
    throw error;
  }
}

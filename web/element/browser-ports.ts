// The sign-in controller's ports in the browser: the auth server's API, the page's shared session and nonce,
// MSAL loaded on first need (sign-in.ts, after first paint), and the real clock.
import { createAuthApi } from './auth-api.ts';
import { describeFailure } from './errors.ts';
import { forgetLoginHint } from './forget-login-hint.ts';
import { sharedState } from './shared-session.ts';
import type { SignInPorts } from './sign-in-controller.ts';
import type * as SignInModule from './sign-in.ts'; // types only: the chunk itself loads after first paint

/** Ports for a button of `server` (an origin) with the app registration its attributes name. */
export function browserPorts(server: string, attribute: SignInModule.AttributeReader): SignInPorts {
  const api = createAuthApi(server);
  let msal: typeof SignInModule | undefined;
  const chunk = async () => (msal = await import('./sign-in.ts'));
  return {
    ...sharedState(server, api),
    async loadClient() {
      const serverConfig = api.getConfig(); // in parallel with the chunk
      serverConfig.catch(() => undefined); // judged in the chunk; never unhandled should the import fail
      return (await chunk()).loadClient(serverConfig, attribute, location.href);
    },
    exchange: api.signIn,
    // No automatic sign-in until the next explicit one, or auto-select would undo this (as GIS does).
    logout: () => api.logout().then(forgetLoginHint),
    describe: (error) => msal?.describe(error, server) ?? describeFailure(error, server),
    later: (callback, ms) => void setTimeout(callback, ms),
    decorate: async () => (await chunk()).decorate,
  };
}

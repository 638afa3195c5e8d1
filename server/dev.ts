// `npm run dev`: starts the development server and prints the one URL to open.
import { startDevServer } from './dev-server.ts';
import { createDevLogger } from './observability/dev-logger.ts';
import { exitWithStartupError, loadDotEnv } from './startup.ts';

loadDotEnv();
try {
  // The drop-in example on the next port: another origin than the demo, as a real site would be.
  const port = Number(process.env.PORT || 3000);
  const server = await startDevServer(process.env, {
    exampleSitePort: port === 0 ? 0 : port + 1,
    createLogger: createDevLogger, // one readable line per API request, below the lines printed here
  });
  const identity = server.devIdp
    ? [
        `  Identity: the development identity provider, DEV_IDP_MODE=${server.devIdpMode}`,
        '    Test users: server/dev-idp/users.json (restart npm run dev after editing it)',
        `    Redirect URIs it accepts: ${server.redirectUris?.join(', ')}`,
        "      (users.json's, on the ports in use; the same pages of each ALLOWED_ORIGINS site; DEV_IDP_REDIRECT_URIS)",
      ]
    : [`  Identity: Microsoft Entra ID, tenant ${server.tenant}`];
  console.log(
    [
      '',
      `  Sign in with Microsoft demo: ${server.url}`,
      ...identity,
      ...(server.exampleUrl ? [`  Drop-in button on a static site (examples/static-site): ${server.exampleUrl}`] : []),
      '',
    ].join('\n'),
  );
  // Ctrl-C: a development server stops at once, requests in flight or not (npm start drains them: shutdown.ts).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.close().finally(() => process.exit(0)));
  }
} catch (error) {
  exitWithStartupError(error, process.env.PORT || 3000);
}

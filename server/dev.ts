// `npm run dev`: starts the development server and prints the one URL to open.
import { startDevServer } from './dev-server.ts';
import { closeOnSignal, exitWithStartupError, loadDotEnv } from './startup.ts';

loadDotEnv();
try {
  const server = await startDevServer(process.env);
  console.log(
    [
      '',
      `  Sign in with Microsoft demo: ${server.url}`,
      server.devIdp
        ? '  Identity: the development identity provider (test users in server/dev-idp/users.json)'
        : `  Identity: Microsoft Entra ID, tenant ${server.tenant}`,
      '',
    ].join('\n'),
  );
  closeOnSignal(server.close);
} catch (error) {
  exitWithStartupError(error, process.env.PORT || 3000);
}

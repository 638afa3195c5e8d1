// `npm run dev`: starts the development server and prints the one URL to open.
import { ConfigError } from './config.ts';
import { startDevServer } from './dev-server.ts';
import { loadDotEnv } from './startup.ts';

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
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.close().then(() => process.exit(0)));
  }
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') console.error(`Port ${process.env.PORT || 3000} is in use: set PORT to another one.`);
  else if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}. See README.md, "Configuration".`);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

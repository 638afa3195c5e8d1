// `npm start`, the production server: the API and the built page, configured only by the environment and .env.
import { existsSync } from 'node:fs';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './store/database.ts';
import { closeOnSignal, exitWithStartupError, listen, loadDotEnv, urlOf } from './startup.ts';

const staticRoot = 'dist/web';

loadDotEnv();
try {
  const config = loadConfig(process.env);
  if (!existsSync(staticRoot)) throw new Error(`${staticRoot} is missing: run "npm run build" first.`);
  const database = openDatabase(config.databasePath);
  const app = await createApp(config, { staticRoot, sdkRoot: 'dist/sdk', database });
  const server = await listen(getRequestListener(app.fetch), config.host, config.port);
  console.log(`Listening on ${urlOf(server)}`);
  closeOnSignal(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    database.close(); // checkpoints the WAL into the database file
  });
} catch (error) {
  exitWithStartupError(error, process.env.PORT || 3000);
}

// `npm start` (dist/server/main.js once built): the API and the built page, configured by the environment and .env.
import { existsSync } from 'node:fs';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './observability/logger.ts';
import { shutdownOnSignal } from './shutdown.ts';
import { exitWithStartupError, listen, loadDotEnv, requireProductionMode, urlOf } from './startup.ts';
import { openStores } from './stores.ts';

const staticRoot = 'dist/web';

loadDotEnv();
try {
  requireProductionMode(process.env);
  const config = loadConfig(process.env);
  if (!existsSync(staticRoot)) throw new Error(`${staticRoot} is missing: run "npm run build" first.`);
  // JSON lines on stdout (README.md, "Logs and metrics"); start and stop stay plain lines, for people.
  const logger = createLogger(config);
  const stores = await openStores(config, logger);
  const app = await createApp(config, stores, { staticRoot, sdkRoot: 'dist/sdk', logger });
  const server = await listen(getRequestListener(app.fetch), config.host, config.port);
  console.log(`Listening on ${urlOf(server)} (sessions in ${stores.description})`);
  // SIGTERM (docker stop) or Ctrl-C: the requests in flight finish first (shutdown.ts).
  shutdownOnSignal(server, {
    closeResources: () => stores.close(), // Redis, then the database (its WAL checkpointed into the file)
  });
} catch (error) {
  exitWithStartupError(error, process.env.PORT || 3000);
}

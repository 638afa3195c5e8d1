// `npm start` (dist/server/main.js once built): the API and the built page, configured by the environment and .env;
// with WEB_CONCURRENCY above 1, as many worker processes sharing the port (cluster.ts).
import { existsSync } from 'node:fs';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app.ts';
import { isWorker, runPrimary, tellPrimary, workerCount } from './cluster.ts';
import { type Config, loadConfig } from './config.ts';
import { createLogger } from './observability/logger.ts';
import { shutdownOnSignal } from './shutdown.ts';
import { boundTo, exitWithStartupError, listen, loadDotEnv, requireProductionMode } from './startup.ts';
import { openDatabase } from './store/database.ts';
import { openStores } from './stores.ts';

const staticRoot = 'dist/web';

/** Serves in this process: the whole server, or one worker of several. */
async function serve(config: Config, workers: number) {
  // JSON lines on stdout (docs/deployment.md, "Logs and metrics"); start and stop stay plain lines, for people.
  const logger = createLogger(config);
  const stores = await openStores(config, logger);
  const app = await createApp(config, stores, { staticRoot, sdkRoot: 'dist/sdk', logger });
  const server = await listen(getRequestListener(app.fetch), config.host, config.port);
  // SIGTERM (docker stop) or Ctrl-C: the requests in flight finish first (shutdown.ts). Before the start-up line:
  // a signal that follows it at once (a supervisor that stops what it just started) still drains.
  shutdownOnSignal(server, {
    closeResources: () => stores.close(), // Redis, then the database (its WAL checkpointed into the file)
    flushLog: () => logger.flush(),
    ...(isWorker() && { onDraining: () => void tellPrimary({ kind: 'draining' }) }),
  });
  const bound = boundTo(server);
  const line = `Listening on ${bound.url} (${bound.note ? `${bound.note}; ` : ''}sessions in ${stores.description}${workers > 1 ? `, ${workers} workers` : ''})`;
  logger.flush();
  if (isWorker()) await tellPrimary({ kind: 'listening', line });
  else console.log(line);
}

loadDotEnv();
try {
  requireProductionMode(process.env);
  const config = loadConfig(process.env);
  const workers = workerCount(process.env);
  if (!existsSync(staticRoot)) throw new Error(`${staticRoot} is missing: run "npm run build" first.`);
  if (workers > 1 && !isWorker()) {
    // Migrated here, once: workers opening a new file at the same moment would each try to create its tables.
    openDatabase(config.databasePath).close();
    runPrimary(workers);
  } else {
    await serve(config, workers);
  }
} catch (error) {
  await exitWithStartupError(error, process.env.PORT || 3000);
}

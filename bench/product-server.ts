// The product as `npm start` runs it, for `npm run bench`: bundled like dist/server/main.js (scripts/build-server.mjs),
// run by plain node, JSON log on stdout, WEB_CONCURRENCY workers (cluster.ts); only the rate limits are lifted,
// to measure the code, not the limiter.
import { getRequestListener } from '@hono/node-server';
import { createApp } from '../server/app.ts';
import { isWorker, runPrimary, tellPrimary, workerCount } from '../server/cluster.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/observability/logger.ts';
import { listen } from '../server/startup.ts';
import { openDatabase } from '../server/store/database.ts';
import { openStores } from '../server/stores.ts';

// loadConfig refuses the bench's plain-http loopback authority in production, so production (Secure
// `__Host-` cookies, HSTS) is switched on after loading: the request path is then the production one.
const config = { ...loadConfig({ ...process.env, NODE_ENV: 'development' }), production: true };
const workers = workerCount(process.env);
if (workers > 1 && !isWorker()) {
  openDatabase(config.databasePath).close();
  runPrimary(workers);
} else {
  const logger = createLogger(config);
  const stores = await openStores(config, logger);
  const app = await createApp(config, stores, { rateLimits: { signIn: 1e9, nonce: 1e9 }, logger });
  await listen(getRequestListener(app.fetch), '127.0.0.1', config.port);
  if (isWorker())
    await tellPrimary({ kind: 'listening', line: `Listening on port ${config.port}, ${workers} workers` });
  process.on('SIGTERM', () => void stores.close().then(() => process.exit(0)));
}

// One instance of the server as its own process, configured by its environment, for tests of several
// instances sharing a Redis: `node --import tsx test/support/server-process.ts`. Prints `Listening on <url>`,
// then its JSON log.
import { getRequestListener } from '@hono/node-server';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/observability/logger.ts';
import { listen, urlOf } from '../../server/startup.ts';
import { openStores } from '../../server/stores.ts';

const config = loadConfig(process.env);
// The JSON log on stdout, as `npm start` writes it (server/main.ts).
const logger = createLogger(config);
const stores = await openStores(config, logger);
const signIn = Number(process.env.TEST_SIGN_IN_LIMIT || 10_000);
const app = await createApp(config, stores, { rateLimits: { signIn, nonce: 10_000 }, logger });
const server = await listen(getRequestListener(app.fetch), '127.0.0.1', 0);
console.log(`Listening on ${urlOf(server)}`);
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void stores.close().then(() => process.exit(0)));
});

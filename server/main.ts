// The production server: the API and the built page, configured only by the environment and .env.
import { existsSync } from 'node:fs';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app.ts';
import { configOrExit, listen, loadDotEnv } from './startup.ts';

const staticRoot = 'dist/web';

loadDotEnv();
const config = configOrExit(process.env);
if (!existsSync(staticRoot)) {
  console.error(`${staticRoot} is missing: run "npm run build" first.`);
  process.exit(1);
}
const app = await createApp(config, { staticRoot });
listen(getRequestListener(app.fetch), config.host, config.port, (url) => `Listening on ${url}`);

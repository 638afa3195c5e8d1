// A host's own Hono app with ms-signin/hono, for `npm run bench`: GET /hello behind requireUser(), as
// examples/hono-app has it, bundled and run like the product (plain node, core 0). The library is imported from
// its sources and bundled, as a host's bundler or Node would load dist/lib.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createSignIn } from '../server/library/hono.ts';

const env = process.env;
const signIn = await createSignIn({
  clientId: env.ENTRA_CLIENT_ID!,
  tenantId: env.ENTRA_TENANT_ID,
  authorityHost: env.ENTRA_AUTHORITY_HOST,
  requireNonce: false, // one ID token posted again and again, as for the product
  sessionSecret: env.SESSION_SECRET,
  databasePath: env.DATABASE_PATH,
  rateLimits: { signIn: 1e9, nonce: 1e9 },
});

const app = new Hono();
app.route('/auth', signIn.routes);
app.get('/healthz', (c) => c.text('ok'));
app.get('/hello', signIn.requireUser(), (c) => c.text(`Hello, ${c.get('user').name}`));
serve({ fetch: app.fetch, port: Number(env.PORT), hostname: '127.0.0.1' });

// Production: the page Vite built (dist/), the sign-in's routes, and GET /hello for signed-in users.
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createSignIn } from 'ms-signin/hono';
import { signInOptions } from './sign-in-options.ts';

const port = Number(process.env.PORT ?? 3000);
const signIn = await createSignIn(await signInOptions(port));

const app = new Hono();
app.route('/auth', signIn.routes);
app.get('/hello', signIn.requireUser(), (c) => c.text(`Hello, ${c.get('user').name}`));
app.use('/*', serveStatic({ root: new URL('dist', import.meta.url).pathname }));

serve({ fetch: app.fetch, port }, () => console.log(`Listening on http://localhost:${port}`));

// A Hono app with "Sign in with Microsoft": the sign-in's routes, a page with the button, and one route for
// signed-in users only. Offline, the development identity provider stands in for Microsoft.
import { readFile } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { startDevIdp } from 'ms-signin/dev-idp';
import { createSignIn } from 'ms-signin/hono';

const port = Number(process.env.PORT ?? 3000);
// With ENTRA_CLIENT_ID and ENTRA_TENANT_ID set, real Microsoft Entra ID; else the offline provider, whose app
// registration lists this page as its redirect URI.
const idp = process.env.ENTRA_CLIENT_ID
  ? undefined
  : await startDevIdp({ redirectUris: [`http://localhost:${port}/`] });
const signIn = await createSignIn(
  idp
    ? { clientId: idp.clientId, authority: idp.authority }
    : {
        clientId: process.env.ENTRA_CLIENT_ID!,
        tenantId: process.env.ENTRA_TENANT_ID,
        sessionSecret: process.env.SESSION_SECRET,
      },
);

const app = new Hono();
app.route('/auth', signIn.routes);
app.get('/hello', signIn.requireUser(), (c) => c.text(`Hello, ${c.get('user').name}`));
app.get('/', async (c) => c.html(await readFile(new URL('index.html', import.meta.url), 'utf8')));

serve({ fetch: app.fetch, port }, () => console.log(`Listening on http://localhost:${port}`));

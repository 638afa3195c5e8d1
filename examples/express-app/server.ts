// An Express 5 app with "Sign in with Microsoft": the sign-in's routes, a page with the button, and one route
// for signed-in users only. Offline, the development identity provider stands in for Microsoft.
import express from 'express';
import { startDevIdp } from 'ms-signin/dev-idp';
import { createSignIn } from 'ms-signin/express';

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

const app = express();
app.use(express.json()); // the app's own; the sign-in's routes work after it too
app.use('/auth', signIn.router);
app.get('/hello', signIn.requireUser(), (req, res) => {
  res.send(`Hello, ${req.user.name}`);
});
app.get('/', (_req, res) => res.sendFile(new URL('index.html', import.meta.url).pathname));

app.listen(port, () => console.log(`Listening on http://localhost:${port}`));

// In development, Vite serves the page and, through this plugin, the sign-in (ms-signin/express's router and
// guard are Connect middleware, as Vite's own server is). In production, server.ts serves both (ms-signin/hono).
import type { IncomingMessage } from 'node:http';
import { createSignIn, type SignedInUser } from 'ms-signin/express';
import { defineConfig, type Plugin } from 'vite';
import { signInOptions } from './sign-in-options.ts';

const port = Number(process.env.PORT ?? 5173);

function signInDuringDevelopment(): Plugin {
  return {
    name: 'sign-in',
    apply: 'serve',
    async configureServer(server) {
      const signIn = await createSignIn(await signInOptions(port));
      server.middlewares.use('/auth', signIn.router);
      server.middlewares.use('/hello', signIn.requireUser());
      server.middlewares.use('/hello', (request, response) => {
        const { user } = request as IncomingMessage & { user: SignedInUser }; // set by requireUser()
        response.end(`Hello, ${user.name}`);
      });
      server.httpServer?.once('close', () => void signIn.close());
    },
  };
}

// The port is fixed (strictPort): it is part of the redirect URI the provider registered.
export default defineConfig({ plugins: [signInDuringDevelopment()], server: { port, strictPort: true } });

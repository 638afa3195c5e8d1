// Real HTTP servers on ephemeral loopback ports, and small helpers to talk to them.
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { createServer, type Server } from 'node:http';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** `env`: the Node request and response (`incoming`, `outgoing`), as `npm start` passes them to the app. */
type FetchHandler = (request: Request, env: HttpBindings) => Response | Promise<Response>;

/** Serves `handler` on 127.0.0.1 at a free port. The handler may be swapped later with `setHandler`. */
export async function serveOnEphemeralPort(
  handler?: FetchHandler,
): Promise<RunningServer & { setHandler(h: FetchHandler): void }> {
  let current: FetchHandler = handler ?? (() => new Response('not ready', { status: 503 }));
  const server: Server = createServer(getRequestListener((request, env) => current(request, env as HttpBindings)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setHandler: (next) => {
      current = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The `name=value` pairs of a response's Set-Cookie headers, keyed by name. */
export function setCookies(response: Response): Map<string, { value: string; header: string }> {
  const cookies = new Map<string, { value: string; header: string }>();
  for (const header of response.headers.getSetCookie()) {
    const [pair = ''] = header.split(';');
    const index = pair.indexOf('=');
    cookies.set(pair.slice(0, index).trim(), { value: pair.slice(index + 1), header });
  }
  return cookies;
}

/** The first nonce cookie (`ms-nonce-<slot>`, `__Host-` prefixed in production) a response sets or clears. */
export function nonceCookieOf(response: Response): { name: string; value: string; header: string } | undefined {
  const found = [...setCookies(response)].find(([name]) => /^(__Host-)?ms-nonce-/.test(name));
  return found && { name: found[0], ...found[1] };
}

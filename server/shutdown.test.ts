import { Agent, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { shutdownGracefully } from './shutdown.ts';
import { listen } from './startup.ts';

// A real HTTP server on a free port, stopped while requests are in flight.
const agents: Agent[] = [];
afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy();
});

/** A server whose `/slow` requests wait until `release()`, and `/stream` sends its headers and waits. */
async function startServer() {
  const waiting: ServerResponse[] = [];
  const streaming: ServerResponse[] = [];
  let finished = 0;
  const server = await listen(
    (req, res) => {
      res.once('finish', () => (finished += 1));
      if (req.url === '/slow') waiting.push(res);
      else if (req.url === '/stream') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).write('first part, ');
        streaming.push(res);
      } else res.end('quick');
    },
    '127.0.0.1',
    0,
  );
  // Longer than any test: a connection closed during a test was closed by the shutdown, not by this timeout.
  server.keepAliveTimeout = 120_000;
  const release = () => {
    for (const res of waiting.splice(0)) res.end('slow, done');
  };
  return { server, release, waitingCount: () => waiting.length, streaming, finishedCount: () => finished };
}

function keepAliveAgent() {
  const agent = new Agent({ keepAlive: true, maxSockets: 10 });
  agents.push(agent);
  return agent;
}

interface Reply {
  status: number;
  connection: string | undefined;
  body: string;
  socket: Socket;
}

/** Sends a GET and resolves once its response has been read in full. */
function get(server: Server, path: string, agent: Agent): Promise<Reply> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res: IncomingMessage) => {
      const socket = res.socket; // the agent takes it back after the end
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body, socket }));
    })
      .on('error', reject)
      .end();
  });
}

const closedEvent = (socket: Socket) =>
  new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

/** Resolves once `check()` holds; the test's own timeout bounds the wait. */
async function until(check: () => boolean) {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('shutdownGracefully()', () => {
  it('lets requests in flight finish, closing their connections, then closes the resources', async () => {
    const { server, release, waitingCount, finishedCount } = await startServer();
    const agent = keepAliveAgent();
    const replies = Promise.all([1, 2, 3].map(() => get(server, '/slow', agent)));
    await until(() => waitingCount() === 3);
    let finishedWhenClosed: number | undefined;

    const stopped = shutdownGracefully(server, {
      drainMs: 60_000,
      closeResources: () => void (finishedWhenClosed = finishedCount()),
    });
    expect(server.listening).toBe(false); // no new connections from here on
    release();
    const answered = await replies;
    expect(await stopped).toEqual({ drained: true });

    expect(answered.map((reply) => [reply.status, reply.body, reply.connection])).toEqual(
      Array(3).fill([200, 'slow, done', 'close']),
    );
    expect(finishedWhenClosed).toBe(3);
  });

  it('closes idle keep-alive connections at once, while other requests are still in flight', async () => {
    const { server, release, waitingCount } = await startServer();
    const idle = await get(server, '/quick', keepAliveAgent());
    expect(idle.socket.destroyed).toBe(false); // kept alive for a next request
    const slow = get(server, '/slow', keepAliveAgent());
    await until(() => waitingCount() === 1);

    const stopped = shutdownGracefully(server, { drainMs: 60_000, closeResources: () => {} });
    await closedEvent(idle.socket);
    expect(waitingCount()).toBe(1); // the slow request is still waiting
    release();
    expect((await slow).body).toBe('slow, done');
    expect(await stopped).toEqual({ drained: true });
  });

  it('closes a keep-alive connection whose response headers were already sent, once it is done', async () => {
    const { server, streaming } = await startServer();
    const { port } = server.address() as AddressInfo;
    const response = new Promise<IncomingMessage>((resolve) =>
      request({ host: '127.0.0.1', port, path: '/stream', agent: keepAliveAgent() }, resolve).end(),
    );
    const res = await response;
    expect(res.headers.connection).toBe('keep-alive');
    let body = '';
    res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));

    const stopped = shutdownGracefully(server, { drainMs: 60_000, closeResources: () => {} });
    expect(streaming).toHaveLength(1);
    streaming[0]!.end('last part');
    // Without the shutdown's help this connection would stay open for keepAliveTimeout (120 s).
    expect(await stopped).toEqual({ drained: true });
    await closedEvent(res.socket);
    expect(body).toBe('first part, last part');
  });

  it('cuts what is still running at the deadline, and closes the resources all the same', async () => {
    const { server, waitingCount } = await startServer();
    const stuck = get(server, '/slow', keepAliveAgent()).then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await until(() => waitingCount() === 1);
    let closed = false;

    const result = await shutdownGracefully(server, { drainMs: 200, closeResources: () => void (closed = true) });
    expect(result).toEqual({ drained: false });
    expect(closed).toBe(true);
    expect(await stuck).toBe('ECONNRESET');
  });
});

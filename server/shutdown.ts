// Stops the production server on SIGTERM or SIGINT without cutting requests in flight, then closes its resources.
import type { Server, ServerResponse } from 'node:http';

/**
 * Longest wait, in milliseconds, for the requests in flight once a stop is asked: long enough for any
 * request of this API, short enough to stop within a deploy. Docker's default grace period before SIGKILL
 * is also 10 s, so give the container a longer one (docs/deployment.md, "Run it in production").
 */
export const drainTimeoutMs = 10_000;

/**
 * A repeat of the first signal within this many milliseconds is the same stop, delivered twice: Ctrl-C under
 * `npm start` reaches the server from the terminal and again from npm, which forwards it.
 */
const duplicateSignalWindowMs = 1_000;

export interface ShutdownOptions {
  /** Longest wait for requests in flight, in milliseconds; then their connections are cut. */
  drainMs?: number;
  /**
   * Closes what the requests used (the database, …), once no request can touch it any more; a promise it
   * returns is awaited.
   */
  closeResources: () => unknown;
  /** Writes out buffered log lines; called before each plain line, so that they keep their order. */
  flushLog?: () => void;
  /**
   * In a worker of a cluster (cluster.ts): print neither the draining nor the stopped line, call `onDraining`
   * once the server has stopped accepting instead; the primary speaks for all its workers.
   */
  onDraining?: () => void;
}

/** How a shutdown went: `drained` is false when the deadline cut connections still busy. */
export interface ShutdownResult {
  drained: boolean;
}

/**
 * Stops accepting connections, lets the requests in flight finish (at most `drainMs`), closes every
 * connection as soon as it is idle, then runs `closeResources`. After the deadline the remaining connections
 * are cut, and the resources are closed all the same.
 *
 * @example await shutdownGracefully(server, { closeResources: () => database.close() });
 */
export async function shutdownGracefully(server: Server, options: ShutdownOptions): Promise<ShutdownResult> {
  const { drainMs = drainTimeoutMs, closeResources } = options;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A request arriving on a kept-alive connection during the drain is served, and its connection closed after.
  server.prependListener('request', (_request, response: ServerResponse) => closeConnectionAfter(server, response));
  for (const response of inFlight.get(server) ?? []) closeConnectionAfter(server, response);
  // close() already closes the idle keep-alive connections (Node 19+); said again for clarity.
  server.closeIdleConnections();

  let deadline: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (deadline = setTimeout(resolve, drainMs, false)));
  const drained = await Promise.race([closed.then(() => true as const), timedOut]);
  clearTimeout(deadline);
  if (!drained) {
    server.closeAllConnections();
    await closed;
  }
  await closeResources();
  return { drained };
}

/**
 * Calls {@link shutdownGracefully} on the first SIGTERM or SIGINT, then exits 0 (1 if closing the resources
 * failed). Another signal during the drain exits at once, with code 1.
 */
export function shutdownOnSignal(server: Server, options: ShutdownOptions): void {
  const drainMs = options.drainMs ?? drainTimeoutMs;
  const { flushLog = () => {}, onDraining } = options;
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first) {
      if (signal === first.signal && Date.now() - first.at < duplicateSignalWindowMs) return;
      flushLog();
      console.error(`${signal} again: stopping now, without waiting for the requests in flight.`);
      process.exit(1);
    }
    first = { signal, at: Date.now() };
    const stopping = shutdownGracefully(server, { ...options, drainMs });
    // Said once the server has stopped accepting (shutdownGracefully closes it before its first await): whoever
    // reads this line may count on new connections being refused.
    const say = (line: string) => (flushLog(), console.log(line));
    if (onDraining) onDraining();
    else say(`${signal}: finishing the requests in flight (at most ${drainMs / 1000} s), then stopping.`);
    stopping.then(
      ({ drained }) => {
        flushLog();
        if (!drained) console.warn(`Connections still busy after ${drainMs / 1000} s were closed.`);
        if (!onDraining) say('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        flushLog();
        console.error(`Could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** The responses not yet finished, per server watched by {@link trackResponses}. */
const inFlight = new WeakMap<Server, Set<ServerResponse>>();

/**
 * Keeps the set of responses in flight on `server`, so that a shutdown can ask each to close its
 * connection when done, rather than leave it open for a keep-alive that will never come. Call it right
 * after creating the server.
 */
export function trackResponses(server: Server): void {
  const responses = new Set<ServerResponse>();
  inFlight.set(server, responses);
  server.on('request', (_request, response: ServerResponse) => {
    responses.add(response);
    // 'close' follows both a finished response and a connection lost midway.
    response.once('close', () => responses.delete(response));
  });
}

function closeConnectionAfter(server: Server, response: ServerResponse): void {
  // Before the headers: say so, and Node ends the connection once the response is sent.
  if (!response.headersSent) response.setHeader('Connection', 'close');
  // Already sent as keep-alive: close the connection as soon as it is idle.
  else response.once('finish', () => server.closeIdleConnections());
}

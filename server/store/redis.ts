// The connection to Redis (REDIS_URL): fails fast while Redis is away, reconnects by itself when it is back.
import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

/** A command unanswered for this long fails (503) rather than hold the request, in milliseconds. */
const commandTimeout = 1_000;
const connectTimeout = 3_000;

/**
 * Connects to `url` and resolves once Redis answers, or rejects with one line that names REDIS_URL (and
 * never the password). While running, commands fail at once when the connection is down (no offline
 * queue: a request must not wait on a Redis that may never return) and the client reconnects with
 * backoff on its own.
 *
 * @example const redis = await connectRedis('redis://localhost:6379')
 */
export async function connectRedis(url: string, setting = 'REDIS_URL'): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout,
    connectTimeout,
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => void (lastError = error));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    const reason = (lastError as NodeJS.ErrnoException | undefined)?.code ?? lastError?.message ?? String(error);
    throw new Error(`cannot connect to Redis at ${describeRedisUrl(url)} (${setting}): ${reason}`);
  }
  return client;
}

/** `host:port/db` of a Redis URL, without its user name or password: safe for a log line. */
export function describeRedisUrl(url: string): string {
  const { protocol, hostname, port, pathname } = new URL(url);
  return `${protocol}//${hostname}:${port || 6379}${pathname.length > 1 ? pathname : ''}`;
}

/**
 * Logs when the connection is lost and when it is back: one line per change, not one per retry.
 * Returns a function that stops logging (call it before closing the connection on purpose).
 */
export function logConnectionChanges(client: Redis, name: string, log: (line: string) => void): () => void {
  let up = true;
  const onClose = () => {
    if (!up) return;
    up = false;
    log(`${name}: connection lost; requests that need it answer 503 until it is back`);
  };
  const onReady = () => {
    if (up) return;
    up = true;
    log(`${name}: connection restored`);
  };
  client.on('close', onClose).on('ready', onReady);
  return () => void client.off('close', onClose).off('ready', onReady);
}

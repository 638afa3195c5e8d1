// Where the server keeps its state: the SQLite database always (tasks; sessions and nonces of a single
// instance), and Redis when REDIS_URL is set (sessions, nonces and rate limits shared by every instance).
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { noLog, type SignInStores } from './sign-in/create-sign-in.ts';
import type { SignInLogger } from './sign-in/options.ts';
import type { SignInConfig } from './sign-in/resolve-options.ts';
import { createRedisSessionStore } from './session/redis-session-store.ts';
import { createSqliteSessionStore } from './session/sqlite-session-store.ts';
import { checkpointInBackground } from './store/background-checkpoints.ts';
import { type Database, openDatabase } from './store/database.ts';
import type { Redis } from './store/redis.ts';

export interface Stores extends SignInStores {
  /** The SQLite database at DATABASE_PATH, opened and migrated. */
  database: Database;
  /** Where sessions live, for the start-up line: `SQLite (data/app.db)` or `Redis (redis://host:6379)`. */
  description: string;
  /** Closes Redis and the database (which checkpoints its WAL). */
  close(): Promise<void>;
}

/** A budget of `points` requests a minute per key, in this process's memory: one instance's rate limits. */
export const memoryRateLimiter = (name: string, points: number): RateLimiterAbstract =>
  new RateLimiterMemory({ keyPrefix: name, points, duration: 60 });

/**
 * Opens the database, and connects to Redis when `config.redisUrl` is set. Either failing rejects with
 * one line that names its variable (DATABASE_PATH, REDIS_URL). A Redis lost and back while running is
 * told to `logger`.
 *
 * @example const stores = await openStores(config, logger); … await stores.close();
 */
export async function openStores(
  config: Pick<SignInConfig, 'databasePath' | 'redisUrl' | 'sessionIdleTimeout'>,
  logger: SignInLogger = noLog,
  settings: { databasePath: string; redisUrl: string } = { databasePath: 'DATABASE_PATH', redisUrl: 'REDIS_URL' },
): Promise<Stores> {
  const database = openDatabase(config.databasePath, settings.databasePath);
  const checkpoints = checkpointInBackground(database, config.databasePath, (reason) =>
    logger.warn({ event: 'checkpoint_failed', reason }, 'SQLite checkpoint failed'),
  );
  const closeDatabase = async () => {
    await checkpoints.stop();
    database.close();
  };
  const idleMs = config.sessionIdleTimeout * 1000;
  if (!config.redisUrl) {
    const sessions = createSqliteSessionStore(database, idleMs);
    return {
      database,
      sessions,
      rateLimiter: memoryRateLimiter,
      description: `SQLite (${config.databasePath})`,
      async close() {
        await sessions.close();
        await closeDatabase();
      },
    };
  }

  // Loaded only when used: ioredis took a tenth of the start-up of a server that has no Redis.
  const { connectRedis, describeRedisUrl, logConnectionChanges } = await import('./store/redis.ts');
  let redis: Redis | undefined;
  let subscriber: Redis | undefined;
  try {
    redis = await connectRedis(config.redisUrl, settings.redisUrl);
    // Pub/sub takes a connection of its own.
    subscriber = redis.duplicate();
    await subscriber.connect();
  } catch (error) {
    redis?.disconnect();
    subscriber?.disconnect();
    await closeDatabase();
    throw error;
  }
  const stopLogging = logConnectionChanges(redis, 'Redis', (line) => logger.warn({}, line));
  subscriber.on('error', () => {}); // the same outage: reported once, by the first connection
  const sessions = await createRedisSessionStore(redis, subscriber, idleMs);
  const storeClient = redis;
  return {
    database,
    sessions,
    rateLimiter: (name, points) =>
      new RateLimiterRedis({
        storeClient,
        keyPrefix: `ms-signin:rate:${name}`,
        points,
        duration: 60,
        // Refuse at once (503) rather than wait on a lost connection.
        rejectIfRedisNotReady: true,
      }),
    description: `Redis (${describeRedisUrl(config.redisUrl)})`,
    async close() {
      stopLogging();
      await sessions.close(); // quits both Redis connections
      await closeDatabase();
    },
  };
}

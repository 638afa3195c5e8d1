// Moves SQLite's WAL checkpoints off the event loop: a worker thread copies the log into the database file.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/**
 * Pages the WAL may reach before the serving connection checkpoints by itself (SQLite's default is 1 000):
 * only if the thread falls behind, a guard against a log that grows without end.
 */
const fallbackPages = 10_000;

// Plain CommonJS, run by `new Worker(…, { eval: true })`: the same code under tsx, vitest and the bundle.
// A PASSIVE checkpoint never waits for readers or writers; the serving connection's next write after a
// complete one starts the log over.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driver);
const db = new Sqlite(workerData.path);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage(error instanceof Error ? error.message : String(error));
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpoints {
  /** Stops the thread and closes its connection; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Checkpoints the WAL of `db`, the database file at `path`, every `everyMs` from a worker thread of its own.
 * A checkpoint copies pages and syncs the file to disk; in the request's connection it stalled every thousandth
 * page written by tens of milliseconds, and cost a sign-in about a third of its write (docs/benchmarks.md).
 * `onError` hears of a checkpoint that failed (the serving connection's fallback then takes over).
 *
 * @example const checkpoints = checkpointInBackground(db, 'data/app.db', log); … await checkpoints.stop();
 */
export function checkpointInBackground(
  db: Database,
  path: string,
  onError: (reason: string) => void,
  { everyMs = 200 } = {},
): BackgroundCheckpoints {
  if (db.memory) return { stop: async () => {} };
  db.pragma(`wal_autocheckpoint = ${fallbackPages}`);
  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = () => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(workerSource, { eval: true, workerData: { driver, path, everyMs } });
    worker.on('message', (reason: string) => onError(reason));
    worker.on('error', (error) => onError(error.message));
    worker.unref(); // a server that stops does not wait for the next checkpoint
    exited = new Promise((resolve) => worker!.once('exit', () => resolve()));
  };
  // Started after the first interval, not at once: a new thread (its own V8, SQLite loaded again) would take
  // its share of the start-up's core and delay the first answer (docs/benchmarks.md: cold start).
  const starting = setTimeout(start, everyMs);
  starting.unref();
  return {
    async stop() {
      clearTimeout(starting);
      worker?.ref(); // else a process with nothing else to do would exit before the thread has closed
      worker?.postMessage('stop');
      await exited;
    },
  };
}

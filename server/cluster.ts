// WEB_CONCURRENCY: one server process per core with node:cluster; the primary starts, restarts and stops the workers.
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { ConfigError } from './config.ts';
import { drainTimeoutMs } from './shutdown.ts';

/**
 * How many worker processes WEB_CONCURRENCY asks for: unset or `1`, none (the server runs in this process);
 * a whole number up to 64; `auto`, one per core (`os.availableParallelism()`). A process setting read here,
 * not application configuration (docs/deployment.md, "Run it in production").
 */
export function workerCount(env: NodeJS.ProcessEnv): number {
  const value = env.WEB_CONCURRENCY?.trim();
  if (!value) return 1;
  if (value === 'auto') return availableParallelism();
  if (/^[1-9]\d*$/.test(value) && Number(value) <= maxWorkers) return Number(value);
  throw new ConfigError(`WEB_CONCURRENCY must be a whole number from 1 to ${maxWorkers}, or auto, not "${value}"`);
}

const maxWorkers = 64;
/** A worker that dies is started again after this many milliseconds times its recent crashes (1 s, 2 s, …). */
const restartDelayMs = 1_000;
/** More crashes than this within {@link crashWindowMs} is a crash loop: the primary stops everything, exit 1. */
const maxCrashes = 5;
const crashWindowMs = 60_000;
/** A repeat of the first signal within this many milliseconds is the same stop (shutdown.ts says why). */
const duplicateSignalWindowMs = 1_000;

/** What a worker tells the primary over the IPC channel. */
export type WorkerMessage =
  { kind: 'listening'; line: string } | { kind: 'startup-error'; line: string } | { kind: 'draining' };

/** Sends `message` to the primary; resolves once it is handed over (before an exit that would drop it). */
export function tellPrimary(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

/** True in a worker started by {@link runPrimary}. */
export const isWorker = () => cluster.isWorker;

/**
 * Forks `count` workers (each runs this same script) and supervises them:
 * - prints one `Listening on …` line once every worker listens, and the first start-up error of a worker
 *   as its one line (exit 1: a worker that cannot start is not restarted, its siblings would fail alike);
 * - restarts a worker that dies after it started, after 1 s per crash in the last minute, and gives up
 *   (exit 1) past 5 crashes in a minute: a crash loop is left to the supervisor above (Docker, systemd);
 * - on SIGTERM or SIGINT passes the signal on to every worker, each drains as a single process would
 *   (shutdown.ts), and exits 0 once all have stopped; 1 if one did not stop cleanly. A second, different
 *   signal is passed on too: the workers then stop at once.
 */
export function runPrimary(count: number): void {
  const started = new Set<Worker>();
  const crashes: number[] = [];
  let listening = 0;
  let stopping: NodeJS.Signals | undefined;
  let firstSignalAt = 0;
  let draining = 0;
  let failed = false;

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: WorkerMessage) => onMessage(worker, message));
    worker.on('error', (error: NodeJS.ErrnoException) => onWorkerError(worker, error));
  };

  // Node's cluster writes to a worker that may have just died (the answer to its listen, a connection handed
  // over), and an unhandled failure of that write would end the primary. The worker's exit says the rest.
  function onWorkerError(worker: Worker, error: NodeJS.ErrnoException) {
    if (stopping || error.code === 'EPIPE' || error.code === 'ERR_IPC_CHANNEL_CLOSED') return;
    console.error(`Worker ${worker.process.pid}: ${error.message}`);
  }

  function onMessage(worker: Worker, message: WorkerMessage) {
    if (message.kind === 'listening') {
      started.add(worker);
      listening += 1;
      if (listening === count) console.log(message.line);
    } else if (message.kind === 'startup-error') {
      if (!failed && !stopping) console.error(message.line);
      stopAll(1);
    } else if (message.kind === 'draining') {
      draining += 1;
      // Said once every worker has stopped accepting: whoever reads it may count on refused connections.
      if (draining === Object.keys(cluster.workers ?? {}).length) {
        console.log(
          `${stopping}: finishing the requests in flight (at most ${drainTimeoutMs / 1000} s), then stopping.`,
        );
      }
    }
  }

  function stopAll(code: number) {
    failed ||= code !== 0;
    stopping ??= 'SIGTERM';
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  }

  cluster.on('exit', (worker, code, signal) => {
    const wasStarted = started.delete(worker);
    if (stopping) {
      if (code !== 0) failed = true;
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        if (!failed) console.log('Stopped.');
        process.exit(failed ? 1 : 0);
      }
      return;
    }
    if (!wasStarted) return; // it reported its start-up error; stopAll is under way
    const now = Date.now();
    crashes.push(now);
    while (crashes[0]! < now - crashWindowMs) crashes.shift();
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (crashes.length > maxCrashes) {
      console.error(
        `Worker ${worker.process.pid} exited with ${how}: ${crashes.length} crashes in a minute, stopping.`,
      );
      stopAll(1);
      return;
    }
    const delay = restartDelayMs * crashes.length;
    console.error(`Worker ${worker.process.pid} exited with ${how}: starting another in ${delay / 1000} s.`);
    setTimeout(() => stopping || fork(), delay).unref();
  });

  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (stopping && signal === stopping && now - firstSignalAt < duplicateSignalWindowMs) return;
    if (!stopping) [stopping, firstSignalAt] = [signal, now];
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  for (let i = 0; i < count; i += 1) fork();
}

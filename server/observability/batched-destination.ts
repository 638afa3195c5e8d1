// The production log's destination: the lines of one turn of the event loop, written with one synchronous write.
import { writeSync } from 'node:fs';

/** A pino destination whose lines can be forced out at once (before a plain line is printed, at exit). */
export interface BatchedDestination {
  write(line: string): boolean;
  /** Writes every pending line now, synchronously. */
  flushSync(): void;
  /** The same, for pino's `logger.flush(callback)`; `done` is called once the lines are written. */
  flush(done?: (error?: Error) => void): void;
}

/** Pending characters past which the lines are written at once, without waiting for the end of the turn. */
const maxPendingLength = 256 * 1024;
/**
 * Bytes per write(2) at most (PIPE_BUF on Linux): a write that size to a pipe is atomic, so the workers of a
 * cluster (cluster.ts), sharing one standard output, never cut into each other's lines.
 */
const atomicWriteBytes = 4096;
/** How long to wait before retrying a write that a full non-blocking pipe refused, in milliseconds. */
const retryAfterMs = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * A destination for `fd` (1: standard output) that gathers lines and writes them after the current turn of
 * the event loop (`setImmediate`), a few kilobytes per `write(2)`: under load a request costs a share of a
 * system call instead of one each. The write itself stays synchronous, so no line is ever in flight in a thread of its
 * own: `flushSync` (pino's `logger.flush()`, called before the plain start and stop lines, which keeps them in order) and the
 * process's `exit` event (`process.exit`, an uncaught exception) write out everything logged so far.
 *
 * @example const logger = pino(options, createBatchedDestination(1));
 */
export function createBatchedDestination(fd: number): BatchedDestination {
  let pending: string[] = [];
  let pendingLength = 0;
  let scheduled = false;

  function flushSync() {
    scheduled = false;
    const lines = pending;
    pending = [];
    pendingLength = 0;
    let chunk = '';
    let chunkBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      if (chunkBytes + bytes > atomicWriteBytes && chunk) {
        writeAll(fd, Buffer.from(chunk));
        [chunk, chunkBytes] = ['', 0];
      }
      chunk += line;
      chunkBytes += bytes;
    }
    if (chunk) writeAll(fd, Buffer.from(chunk));
  }
  process.on('exit', flushSync);

  return {
    write(line) {
      pending.push(line);
      pendingLength += line.length;
      if (pendingLength >= maxPendingLength) flushSync();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flushSync);
      }
      return true;
    },
    flushSync,
    flush(done) {
      flushSync();
      done?.();
    },
  };
}

function writeAll(fd: number, bytes: Buffer) {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A pipe whose reader is slow: wait for room, as a synchronous write would have.
      if (code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, retryAfterMs);
      // Nobody reads any more (EPIPE) or the disk is full: lose these lines rather than the server.
      else return;
    }
  }
}

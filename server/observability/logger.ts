// The server's structured log (pino): one JSON line per request or event, at the level LOG_LEVEL sets.
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import type { Config, LogLevel } from '../config.ts';
import { createBatchedDestination } from './batched-destination.ts';

export type { Logger };

/**
 * Lines never carry a header, a cookie or a token: the request log picks its fields one by one
 * (request-log.ts). These paths are blanked too, so that a `logger.info({ headers })` added one day
 * cannot print them either.
 */
const redactedPaths = [
  'headers.cookie',
  'headers.authorization',
  'headers["set-cookie"]',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'cookie',
  'authorization',
  'token',
  'id_token',
  'idToken',
  'nonce',
  'secret',
];

let lastMs = 0;
let lastTime = '';
/** pino's `isoTime`, formatted once per millisecond: under load many lines share one (`toISOString` is not free). */
function isoTimeOncePerMillisecond(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

/** The options shared by the JSON log of production and the readable one of `npm run dev` (dev-logger.ts). */
export function loggerOptions(level: LogLevel): LoggerOptions<never, boolean> {
  return {
    level,
    // "info", not 30: a line reads the same to a person and to a log query.
    formatters: { level: (label) => ({ level: label }) },
    timestamp: isoTimeOncePerMillisecond,
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
}

/**
 * The JSON log of the server, on standard output unless `destination` is given (tests read it from there).
 * On standard output the lines of one turn of the event loop go out in one write (batched-destination.ts);
 * `logger.flush()` writes them out at once (synchronously), and the process's exit does too.
 *
 * @example const logger = createLogger(config); logger.info({ url }, 'Listening');
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(loggerOptions(config.logLevel), destination ?? createBatchedDestination(1));
}

/** Writes nothing: what `createApp` and `openStores` use when no logger is given (most tests). */
export const silentLogger: Logger = pino({ level: 'silent' });

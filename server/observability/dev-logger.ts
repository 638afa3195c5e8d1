// The log of `npm run dev`, readable: one short line per request (pino-pretty, a development dependency
// that production code never imports; the production boundary test checks it).
import { pino } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../config.ts';
import { type Logger, loggerOptions } from './logger.ts';

/** Fields already said by the line's text; the others follow it, on the same line. */
const inText = ['event', 'requestId', 'method', 'route', 'status', 'durationMs', 'code', 'tenantId', 'userId'];

/** `GET /api/tasks 200 3.1 ms user 0c9d…`, `GET /api/me: token refused (session_revoked)`, or the message. */
function describe(log: Record<string, unknown>): string {
  const where = `${log.method} ${log.route}`;
  if (log.event === 'request') {
    const outcome = log.code ? ` ${log.code}` : '';
    const user = log.userId ? ` user ${log.userId}` : '';
    return `${where} ${log.status}${outcome} ${log.durationMs} ms${user}`;
  }
  if (!log.method) return String(log.msg);
  return `${where}: ${log.msg}${log.code ? ` (${log.code})` : ''}`;
}

/** The development log at LOG_LEVEL: human lines on stdout (or `destination`), in order with the start-up lines. */
export function createDevLogger(config: Pick<Config, 'logLevel'>, destination?: NodeJS.WritableStream): Logger {
  const stream = pretty({
    colorize: !destination && process.stdout.isTTY,
    ...(destination && { destination }),
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: ['pid', 'hostname', ...inText].join(','),
    messageFormat: (log) => describe(log),
    sync: true,
  });
  // pino's numeric levels: pino-pretty colours and names them itself.
  return pino({ ...loggerOptions(config.logLevel), formatters: {} }, stream);
}

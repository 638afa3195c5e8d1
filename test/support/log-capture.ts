// The server's real logger writing into memory, so a test can read the lines it would print.
import type { LogLevel } from '../../server/config.ts';
import { createLogger } from '../../server/observability/logger.ts';

/** One JSON log line, parsed. */
export type LogLine = Record<string, unknown> & { level: string; msg: string };

/**
 * `createLogger` at `level` (default `info`) into memory: `lines` parsed, `text()` everything written as is
 * (for greps), `find(fields)` the lines that hold all of `fields`.
 */
export function captureLogs(level: LogLevel = 'info') {
  const chunks: string[] = [];
  const logger = createLogger({ logLevel: level }, { write: (chunk: string) => void chunks.push(chunk) });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  return {
    logger,
    lines,
    text: () => chunks.join(''),
    find: (fields: Record<string, unknown>) =>
      lines().filter((line) => Object.entries(fields).every(([key, value]) => line[key] === value)),
  };
}

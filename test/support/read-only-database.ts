// Makes a SQLite file read-only for SQLite itself, for tests of the start-up failure it causes.
import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Makes the database at `path` read-only in a way that holds for root too (tests may run as root, for whom
 * chmod changes nothing): byte 18 of the header, the file format's write version, above 2 tells SQLite to
 * open the file read-only. SQLite then fails as it does on a file without write permission.
 */
export function markReadOnlyForSqlite(path: string): void {
  const file = openSync(path, 'r+');
  try {
    writeSync(file, Uint8Array.of(3), 0, 1, 18);
  } finally {
    closeSync(file);
  }
}

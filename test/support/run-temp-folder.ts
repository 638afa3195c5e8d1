// Vitest's global setup: one temporary folder per test run, removed when the run ends. TMPDIR points into it,
// so the databases, logs and browser profiles that tests and the processes they start write under
// os.tmpdir() do not pile up in /tmp run after run.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const folder = mkdtempSync(join(tmpdir(), 'ms-signin-test-run-'));
  // Open to other users, as /tmp is: nginx's workers run as `nobody` and serve files from folders inside.
  chmodSync(folder, 0o755);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(folder, { recursive: true, force: true });
  };
}

// One temporary folder per run, removed when the run ends. TMPDIR points into it, so the databases, logs and
// browser profiles that tests (or the bench) and the processes they start write under os.tmpdir() do not pile
// up in /tmp run after run. The default export is Vitest's global setup; bench/harness.ts calls
// useRunTempFolder() itself.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Points TMPDIR at a new folder named `prefix…`; the function returned restores TMPDIR and removes it. */
export function useRunTempFolder(prefix: string): () => void {
  const folder = mkdtempSync(join(tmpdir(), prefix));
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

export default function setup() {
  return useRunTempFolder('ms-signin-test-run-');
}

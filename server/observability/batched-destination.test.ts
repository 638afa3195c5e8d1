import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBatchedDestination } from './batched-destination.ts';

// Into real files and through real processes: what reaches the file descriptor, and when.
const opened: number[] = [];
afterEach(() => {
  for (const fd of opened.splice(0)) closeSync(fd);
});
const folder = mkdtempSync(join(tmpdir(), 'batched-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
function tempFile() {
  const path = join(folder, `${(files += 1)}.log`);
  const fd = openSync(path, 'w');
  opened.push(fd);
  return { fd, text: () => readFileSync(path, 'utf8') };
}
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Runs `script` (TypeScript, importing this folder's modules) in a new Node process; its stdout and exit code. */
async function runNode(script: string) {
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: import.meta.dirname,
  });
  return run.then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}

describe('createBatchedDestination()', () => {
  it('writes the lines of one turn of the event loop after it, in order', async () => {
    const file = tempFile();
    const destination = createBatchedDestination(file.fd);
    for (const n of [1, 2, 3]) destination.write(`line ${n}\n`);
    expect(file.text()).toBe('');
    await nextTurn();
    expect(file.text()).toBe('line 1\nline 2\nline 3\n');
  });

  it('writes everything pending at once on flush, and calls back after', () => {
    const file = tempFile();
    const destination = createBatchedDestination(file.fd);
    destination.write('first\n');
    let textAtCallback = '';
    destination.flush(() => (textAtCallback = file.text()));
    expect(textAtCallback).toBe('first\n');
  });

  it('keeps every line, whole, past the size of one atomic write', async () => {
    const file = tempFile();
    const destination = createBatchedDestination(file.fd);
    const lines = Array.from({ length: 500 }, (_, n) => `${JSON.stringify({ n, pad: 'é'.repeat(n % 50) })}\n`);
    for (const line of lines) destination.write(line);
    await nextTurn();
    expect(file.text()).toBe(lines.join(''));
  });

  it('loses no line when the process exits right after logging, or dies of an uncaught exception', async () => {
    const prelude = `import { createBatchedDestination } from './batched-destination.ts';
      const destination = createBatchedDestination(1);
      destination.write('logged before\\n');`;
    expect(await runNode(`${prelude} process.exit(0);`)).toEqual({ code: 0, stdout: 'logged before\n' });
    expect(await runNode(`${prelude} setTimeout(() => { throw new Error('fatal') });`)).toEqual({
      code: 1,
      stdout: 'logged before\n',
    });
  });
});

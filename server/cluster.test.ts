import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { workerCount } from './cluster.ts';

const run = promisify(execFile);

// WEB_CONCURRENCY as read by the production entry point (the processes themselves: e2e/production.test.ts).
describe('workerCount()', () => {
  it('is 1 (no workers: the server runs in the process itself) when unset or blank', () => {
    expect(workerCount({})).toBe(1);
    expect(workerCount({ WEB_CONCURRENCY: ' ' })).toBe(1);
  });

  it('takes a whole number from 1 to 64, and auto as one per core', () => {
    expect(workerCount({ WEB_CONCURRENCY: '1' })).toBe(1);
    expect(workerCount({ WEB_CONCURRENCY: '4' })).toBe(4);
    expect(workerCount({ WEB_CONCURRENCY: '64' })).toBe(64);
    expect(workerCount({ WEB_CONCURRENCY: 'auto' })).toBe(availableParallelism());
  });

  it('refuses anything else, naming the variable', () => {
    for (const value of ['0', '-2', '1.5', '65', 'two', '2 workers', '0x2']) {
      expect(() => workerCount({ WEB_CONCURRENCY: value })).toThrow(
        `WEB_CONCURRENCY must be a whole number from 1 to 64, or auto, not "${value}"`,
      );
    }
  });
});

describe('runPrimary()', () => {
  it('outlives a write to a worker that has just died (the answer to its listen, a connection handed over)', async () => {
    const primary = join(import.meta.dirname, '../test/support/cluster-primary.ts');
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', primary]);
    expect({ stdout, stderr }).toEqual({ stdout: 'survived\n', stderr: '' });
  });
});

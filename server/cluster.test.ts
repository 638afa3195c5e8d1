import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { workerCount } from './cluster.ts';

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

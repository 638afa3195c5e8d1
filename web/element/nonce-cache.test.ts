import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentNonce, fetchNonce, spendNonce } from './nonce-cache.ts';

let served = 0;
const api = { getNonce: vi.fn(async () => `nonce-${++served}`) };
let server: string;
let servers = 0;

beforeEach(() => {
  vi.useFakeTimers();
  server = `https://auth${++servers}.example.com`; // the cache is module state: one server per test
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the nonce cache', () => {
  it('fetches once for the buttons that ask together, and hands the same nonce to each', async () => {
    const calls = api.getNonce.mock.calls.length;
    const [first, second] = await Promise.all([fetchNonce(server, api), fetchNonce(server, api)]);
    expect(first).toBe(second);
    expect(currentNonce(server)).toBe(first);
    expect(api.getNonce.mock.calls.length).toBe(calls + 1);
  });

  it('forgets a nonce after 5 minutes, half the life of its cookie', async () => {
    const nonce = await fetchNonce(server, api);
    vi.advanceTimersByTime(5 * 60_000 - 1);
    expect(currentNonce(server)).toBe(nonce);
    vi.advanceTimersByTime(1);
    expect(currentNonce(server)).toBeUndefined();
    expect(await fetchNonce(server, api)).not.toBe(nonce);
  });

  it('forgets a spent nonce, but not a newer one', async () => {
    const nonce = await fetchNonce(server, api);
    spendNonce(server, 'an-older-nonce');
    expect(currentNonce(server)).toBe(nonce);
    spendNonce(server, nonce);
    expect(currentNonce(server)).toBeUndefined();
  });

  it('keeps no failed request, so the next call tries again', async () => {
    api.getNonce.mockRejectedValueOnce(new Error('offline'));
    await expect(fetchNonce(server, api)).rejects.toThrow('offline');
    expect(await fetchNonce(server, api)).toMatch(/^nonce-/);
  });
});

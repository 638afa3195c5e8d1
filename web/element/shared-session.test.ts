import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNonceCache, createSharedSession } from './shared-session.ts';
import type { User } from './types.ts';

// What the page shares per server: the session, with Node's real BroadcastChannel standing in for two tabs of a
// site, and the nonce.
const adele: User = { id: 'oid-adele', tenantId: 'tid', name: 'Adele Vance', email: 'adele@example.test', roles: [] };
const channels: BroadcastChannel[] = [];
const channel = () => {
  const opened = new BroadcastChannel('ms-signin test');
  channels.push(opened);
  return opened;
};
afterEach(() => {
  for (const opened of channels.splice(0)) opened.close();
});
const message = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('createSharedSession()', () => {
  it('asks the server once for every button of the page, and tells each of them', async () => {
    const fetchUser = vi.fn(async () => adele);
    const session = createSharedSession(fetchUser, channel());
    const heard: (User | null)[] = [];
    session.subscribe((user) => heard.push(user));
    session.subscribe((user) => heard.push(user));
    await Promise.all([session.restore(), session.restore()]);
    expect(fetchUser).toHaveBeenCalledTimes(1);
    expect(heard).toEqual([adele, adele]);
    expect(session.user).toEqual(adele);
  });

  it('asks again after a failure', async () => {
    const fetchUser = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce(null);
    const session = createSharedSession(fetchUser, channel());
    await expect(session.restore()).rejects.toThrow('offline');
    expect(session.user).toBeUndefined();
    await session.restore();
    expect(session.user).toBeNull();
  });

  it('keeps a sign-in made while the server was answering: the older answer is dropped', async () => {
    let answer!: (user: User | null) => void;
    const session = createSharedSession(() => new Promise((resolve) => (answer = resolve)), channel());
    const restoring = session.restore();
    session.set(adele);
    answer(null);
    await restoring;
    expect(session.user).toEqual(adele);
  });

  it("hands a sign-in and a sign-out to the site's other tabs, and not back to itself", async () => {
    const here = createSharedSession(async () => null, channel());
    const there = createSharedSession(async () => null, channel());
    const heardHere: (User | null)[] = [];
    const heardThere: (User | null)[] = [];
    here.subscribe((user) => heardHere.push(user));
    there.subscribe((user) => heardThere.push(user));
    here.set(adele);
    await message();
    expect(heardThere).toEqual([adele]);
    here.set(null);
    await message();
    expect(heardThere).toEqual([adele, null]);
    expect(there.user).toBeNull();
    expect(heardHere).toEqual([adele, null]); // its own listeners once each, no echo
  });

  it("tells this page's listeners that a sign-in was auto-select's; the other tabs hear a sign-in", async () => {
    const here = createSharedSession(async () => null, channel());
    const there = createSharedSession(async () => null, channel());
    const heardHere: unknown[] = [];
    const heardThere: unknown[] = [];
    here.subscribe((user, automatic) => heardHere.push([user?.name, automatic]));
    there.subscribe((user, automatic) => heardThere.push([user?.name, automatic]));
    here.set(adele, true);
    await message();
    expect(heardHere).toEqual([['Adele Vance', true]]);
    expect(heardThere).toEqual([['Adele Vance', undefined]]);
  });

  it('ignores messages that are not a session change, and stops telling a listener that unsubscribed', async () => {
    const here = createSharedSession(async () => null, channel());
    const stranger = channel();
    const heard: unknown[] = [];
    const unsubscribe = here.subscribe((user) => heard.push(user));
    stranger.postMessage('hello');
    stranger.postMessage({ user: 'adele' });
    await message();
    expect(heard).toEqual([]);
    unsubscribe();
    stranger.postMessage({ user: adele });
    await message();
    expect(heard).toEqual([]);
    expect(here.user).toEqual(adele);
  });
});

describe('createNonceCache()', () => {
  let served = 0;
  const getNonce = vi.fn(async () => `nonce-${++served}`);
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fetches once for the buttons that ask together, and hands the same nonce to each', async () => {
    const nonce = createNonceCache(getNonce);
    const calls = getNonce.mock.calls.length;
    const [first, second] = await Promise.all([nonce.fetch(), nonce.fetch()]);
    expect(first).toBe(second);
    expect(nonce.current()).toBe(first);
    expect(await nonce.fetch()).toBe(first);
    expect(getNonce.mock.calls.length).toBe(calls + 1);
  });

  it('forgets a nonce after 5 minutes, half the life of its cookie', async () => {
    const nonce = createNonceCache(getNonce);
    const first = await nonce.fetch();
    vi.advanceTimersByTime(5 * 60_000 - 1);
    expect(nonce.current()).toBe(first);
    vi.advanceTimersByTime(1);
    expect(nonce.current()).toBeUndefined();
    expect(await nonce.fetch()).not.toBe(first);
  });

  it('forgets a spent nonce, but not a newer one', async () => {
    const nonce = createNonceCache(getNonce);
    const first = await nonce.fetch();
    nonce.spend('an-older-nonce');
    expect(nonce.current()).toBe(first);
    nonce.spend(first);
    expect(nonce.current()).toBeUndefined();
  });

  it('keeps no failed request, so the next call tries again', async () => {
    const nonce = createNonceCache(getNonce);
    getNonce.mockRejectedValueOnce(new Error('offline'));
    await expect(nonce.fetch()).rejects.toThrow('offline');
    expect(await nonce.fetch()).toMatch(/^nonce-/);
  });
});

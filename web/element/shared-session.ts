// What the buttons of a page share per auth server, each asked for once: who is signed in (the site's other
// tabs hear each change over a BroadcastChannel, so all show the same state) and the sign-in nonce
// (docs/architecture.md).
import type { AuthApi } from './auth-api.ts';
import type { User } from './types.ts';

/** `automatic`: the sign-in was auto-select's, without a click. */
type Listener = (user: User | null, automatic?: boolean) => void;
/** What travels between tabs: the user after a sign-in, null after a sign-out (`automatic` is this tab's news). */
type Message = { user: User | null };

export interface SharedSession {
  /** The user, null for nobody, undefined until the server has answered. */
  readonly user: User | null | undefined;
  /** Asks the server (`GET /auth/session`) once; a failure may be retried. Listeners hear the answer. */
  restore(): Promise<void>;
  /** After a sign-in or sign-out here: tells this page's listeners and the other tabs. */
  set(user: User | null, automatic?: boolean): void;
  subscribe(listener: Listener): () => void;
}

/** The part of a BroadcastChannel used here (tests pass their own channels). */
export type Channel = Pick<BroadcastChannel, 'postMessage' | 'addEventListener'>;

/**
 * A session that learns from `fetchUser` and shares over `channel`.
 * @example createSharedSession(() => api.getSession(), new BroadcastChannel('ms-signin https://auth.example.com'))
 */
export function createSharedSession(fetchUser: () => Promise<User | null>, channel: Channel): SharedSession {
  const listeners = new Set<Listener>();
  let user: User | null | undefined;
  let restoring: Promise<void> | undefined;
  const apply = (next: User | null, automatic?: boolean) => {
    user = next;
    for (const listener of listeners) listener(next, automatic);
  };
  channel.addEventListener('message', (event) => {
    const next = (event as MessageEvent<Message>).data?.user;
    if (next === null || typeof next === 'object') apply(next);
  });
  return {
    get user() {
      return user;
    },
    restore() {
      restoring ??= fetchUser().then(
        // A sign-in or a tab's message while the request ran is newer than its answer.
        (found) => void (user === undefined && apply(found)),
        (error: unknown) => {
          restoring = undefined;
          throw error;
        },
      );
      return restoring;
    },
    set(next, automatic) {
      apply(next, automatic);
      channel.postMessage({ user: next } satisfies Message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** The nonce to start a sign-in with; `current` is read synchronously on click. */
export interface NonceCache {
  /** The nonce when one is fresh enough, else undefined. */
  current(): string | undefined;
  /** A fresh nonce, fetched at most once at a time; a failure is not kept. */
  fetch(): Promise<string>;
  /** Forgets `value` after a sign-in attempt used it: the server takes a nonce once. */
  spend(value: string): void;
}

const maxNonceAge = 5 * 60_000; // ms: half the life of the server's nonce cookie (10 minutes)

/**
 * One GET /auth/nonce for all the buttons of a server: the browser holds at most 8 nonce cookies per server.
 * @example const nonce = createNonceCache(api.getNonce); await nonce.fetch(); nonce.current();
 */
export function createNonceCache(getNonce: () => Promise<string>): NonceCache {
  let held: { value: string; at: number } | undefined;
  let request: Promise<string> | undefined;
  const current = () => (held && Date.now() - held.at < maxNonceAge ? held.value : undefined);
  return {
    current,
    fetch() {
      const fresh = current();
      if (fresh) return Promise.resolve(fresh);
      return (request ??= getNonce().then(
        (value) => {
          request = undefined;
          held = { value, at: Date.now() };
          return value;
        },
        (error: unknown) => {
          request = undefined;
          throw error;
        },
      ));
    },
    spend(value) {
      if (held?.value === value) held = undefined;
    },
  };
}

const shared = new Map<string, { session: SharedSession; nonce: NonceCache }>();

/** The page's session and nonce for `server` (an origin), created on first use. */
export function sharedState(server: string, api: Pick<AuthApi, 'getSession' | 'getNonce'>) {
  let state = shared.get(server);
  if (!state) {
    const session = createSharedSession(api.getSession, new BroadcastChannel(`ms-signin ${server}`));
    state = { session, nonce: createNonceCache(api.getNonce) };
    shared.set(server, state);
  }
  return state;
}

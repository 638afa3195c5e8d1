// One button's sign-in as a state machine without a DOM: restore, prepare, sign-out, and the click; the popup and
// the exchange are its popup half (popup-flow.ts), auto-select its silent half (silent-flow.ts), access tokens and
// the photo token-flow.ts, the error state and the picture decorations.ts: all ship in the MSAL chunk to keep the
// loader small.
// Everything outside (server, MSAL, nonce, clock, the page's shared session) comes in as ports, so every
// transition and race is unit-tested in plain Node (sign-in-controller.test.ts; the flow: docs/architecture.md).
import { SignInError, signInFailed, type SignInErrorDetail } from './errors.ts';
import type { Decorated, decorate } from './decorations.ts';
import type { PopupRun } from './popup-flow.ts';
import type { NonceCache, SharedSession } from './shared-session.ts';
import type { User } from './types.ts';

/**
 * restoring → signedOut → preparing → ready → popupOpen → exchanging → signedIn → signingOut → signedOut.
 * `starting`: clicked before ready, the popup opens once prepared. A failure goes back to `ready` (a nonce in
 * hand) or `signedOut`, with an error; who is signed in comes only from the shared session.
 */
export type SignInState =
  | 'restoring'
  | 'signedOut'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'popupOpen'
  | 'exchanging'
  | 'signedIn'
  | 'signingOut';

/** MSAL, initialized, with the halves of the sign-in that need it (sign-in.ts): the lazily loaded chunk. */
export interface PopupClient {
  /** Opens the popup at once with `nonce` and runs the sign-in to its end through `run`. */
  open(run: PopupRun, nonce: string): void;
  /** Each time the button is ready to sign in: auto-select's one try without a click (silent-flow.ts). */
  ready(run: PopupRun): void;
  /** An access token for the signed-in account (token-flow.ts); a popup only for a call from a click (`gesture`). */
  token(run: PopupRun, scopes: string[], gesture?: boolean): Promise<string>;
  /** The signed-in person's photo as an object URL, or undefined (none, or Microsoft Graph not reached). */
  photo(run: PopupRun): Promise<string | undefined>;
  clearCache(): Promise<void>;
}

export interface SignInPorts {
  /** Who is signed in at this server, shared by the page's buttons and the site's tabs (shared-session.ts). */
  session: SharedSession;
  loadClient(): Promise<PopupClient>;
  nonce: NonceCache;
  /** POST /auth/microsoft: the ID token for the session cookie. */
  exchange(idToken: string): Promise<User>;
  /** POST /auth/logout, and forgetting auto-select's login_hint: no automatic sign-in until the next explicit one. */
  logout(): Promise<void>;
  describe(error: unknown): SignInErrorDetail;
  /** The clock: `callback` after `ms` (the popup half's grace for a closed popup, auto-select's bound). */
  later(callback: () => void, ms: number): void;
  /** The MSAL chunk's drawing of the error and the picture (decorations.ts): needs the chunk, not MSAL ready. */
  decorate(): Promise<typeof decorate>;
}

export interface SignInEvents {
  change(state: SignInState, previous: SignInState): void;
  /** `automatic`: auto-select signed the person in, without a click. */
  signIn(user: User, automatic: boolean): void;
  signOut(): void;
  error(detail: SignInErrorDetail): void;
}

export type SignInController = ReturnType<typeof createSignInController>;

/** For a promise whose failure is already reported (the `error` event); the element uses it too. */
export const ignore = () => undefined;

/** Starts at once: restores the session (once per page and server) and follows it until `dispose()`. */
export function createSignInController(ports: SignInPorts, events: SignInEvents) {
  const { session, nonce } = ports;
  let state: SignInState = 'restoring';
  let user: User | null = null;
  let client: PopupClient | undefined;
  let preparing: Promise<void> | undefined;
  let pending: { promise: Promise<User>; resolve(user: User): void; reject(error: Error): void } | undefined;
  let lastBackgroundError: string | undefined;

  const go = (next: SignInState) => {
    const previous = state;
    state = next;
    if (next !== previous) events.change(next, previous);
  };
  const settle = () => {
    const settled = pending;
    pending = undefined;
    return settled;
  };

  // The one way in of "who": this button's sign-in and sign-out, another button's, another tab's, the restore.
  function follow(next: User | null, automatic = false): void {
    const previous = user;
    user = next;
    if (next) {
      go('signedIn');
      if (previous?.id !== next.id || previous.tenantId !== next.tenantId) events.signIn(next, automatic);
      settle()?.resolve(next);
    } else if (previous) {
      go('signedOut');
      events.signOut();
    } else if (state === 'restoring') go('signedOut');
  }
  const unsubscribe = session.subscribe(follow);

  /** Reported once per kind while it repeats: start-up and its retries every 30 s. */
  function backgroundFailure(detail: SignInErrorDetail): void {
    if (detail.code !== lastBackgroundError) events.error(detail);
    lastBackgroundError = detail.code;
  }

  /** Back to the sign-in button with an error; `retry` readies the next nonce at once. */
  function fail(detail: SignInErrorDetail, retry = true): void {
    go(client && nonce.current() ? 'ready' : 'signedOut');
    events.error(detail);
    settle()?.reject(new SignInError(detail));
    if (retry) warmUp();
  }

  /** The MSAL chunk and client (ports.loadClient and the chunk's own cache make repeated calls cheap). */
  const load = async (): Promise<PopupClient> => (client ??= await ports.loadClient());

  /**
   * Loads MSAL (once) and a nonce while nobody is signed in; callers share one run. Rejects with the `ms-error`
   * detail: only `signIn` below sees it, as a plain object an event can carry.
   */
  function prepare(): Promise<void> {
    if (!['signedOut', 'preparing', 'ready', 'starting'].includes(state)) return Promise.resolve();
    if (client && nonce.current()) {
      if (state !== 'starting') go('ready');
      return Promise.resolve();
    }
    if (state !== 'starting') go('preparing');
    preparing ??= (async () => {
      try {
        await load();
        if (!user) await nonce.fetch();
      } catch (error) {
        const detail = ports.describe(error);
        // A click waiting for this reports it itself (signIn); else only once per kind.
        if (state === 'preparing') {
          go('signedOut');
          backgroundFailure(detail);
        }
        throw detail;
      } finally {
        preparing = undefined;
      }
      lastBackgroundError = undefined;
      if (state !== 'preparing') return;
      go('ready');
      client!.ready(run);
    })();
    return preparing;
  }

  /** `prepare` whose failures only go to `error`. */
  const warmUp = (): void => void prepare().catch(ignore);

  // What the popup half (popup-flow.ts, in the MSAL chunk) may read and do.
  const run: PopupRun = {
    ports,
    get state() {
      return state;
    },
    get user() {
      return user;
    },
    attempt: 0,
    go,
    fail,
    retry: warmUp,
    join: () => void (pending ??= deferred()),
  };

  // Synchronous from the click to loginPopup: an await first would cost the user activation (docs/msal.md).
  function open(): void {
    const used = nonce.current();
    if (client && used) client.open(run, used);
    else fail(signInFailed);
  }

  return {
    get state(): SignInState {
      return state;
    },
    get user(): User | null {
      return user;
    },

    /** Readies MSAL and a nonce (idle time, a pointer, the keyboard, housekeeping); failures go to `error`. */
    prepare: warmUp,

    /** Opens the popup (from a click); a second call during a sign-in returns the same promise. */
    signIn(): Promise<User> {
      if (user) return Promise.resolve(user);
      if (pending) return pending.promise;
      pending = deferred();
      const { promise } = pending;
      if (client && nonce.current()) open();
      else {
        go('starting');
        prepare().then(
          () => state === 'starting' && open(),
          (detail: SignInErrorDetail) => state === 'starting' && fail(detail, false),
        );
      }
      return promise;
    },

    /** Ends the server session; every button of the page and the site's other tabs follow. */
    async signOut(): Promise<void> {
      if (state !== 'signedIn') return;
      go('signingOut');
      try {
        await ports.logout();
      } catch (error) {
        const detail = ports.describe(error);
        go(user ? 'signedIn' : 'signedOut'); // still whoever the session says
        events.error(detail);
        throw new SignInError(detail);
      }
      // Local only: people stay signed in to Microsoft; this site's session, which is what counts, is gone.
      await client?.clearCache().catch(ignore);
      session.set(null);
    },

    /** getAccessToken(): a token for `scopes` for the signed-in account (token-flow.ts); `gesture`: from a click. */
    token: (scopes: string[], gesture?: boolean): Promise<string> =>
      load()
        .then((loaded) => loaded.token(run, scopes, gesture))
        .catch((error: unknown) => {
          throw new SignInError(ports.describe(error));
        }),

    /** Draws `error`, and the picture, on `element` (decorations.ts, in the MSAL chunk, loaded for it). */
    decorate: (element: Decorated, error?: SignInErrorDetail): Promise<void> =>
      ports.decorate().then((decorate) => decorate(element, error, load, run), ignore),

    dispose: (): void => void unsubscribe(),

    /** Takes the page's answer, or asks the server (once per page and server). Apart from creation, so that
     * the first transitions find the caller ready for them. */
    start(): void {
      if (session.user !== undefined) return follow(session.user);
      session.restore().catch((error: unknown) => {
        if (state !== 'restoring') return;
        go('signedOut');
        backgroundFailure(ports.describe(error));
      });
    },
  };
}

function deferred() {
  let resolve!: (user: User) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<User>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  promise.catch(ignore); // a failure is also an `error` event: never an unhandled rejection
  return { promise, resolve, reject };
}

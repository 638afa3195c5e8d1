import { describe, expect, it, vi } from 'vitest';
import { useLocalStorage } from '../../test/support/local-storage.ts';
import { tokenEndpointError } from './entra-errors.fixtures.ts';
import { SignInError } from './errors.ts';
import { loginHintKey } from './login-hint.ts';
import type { TokenAccount } from './msal.ts';
import { createSharedSession } from './shared-session.ts';
import { closedPopupGrace, openPopup } from './popup-flow.ts';
import { createSignInController, type PopupClient } from './sign-in-controller.ts';
import { autoSelect, autoSelectTimeout } from './silent-flow.ts';
import { TokenError } from './token-error.ts';
import { accessTokenFor } from './token-flow.ts';
import type { User } from './types.ts';

// The controller in plain Node with its real halves from the MSAL chunk (popup-flow.ts, silent-flow.ts,
// token-flow.ts): fake ports (server, MSAL, nonce, clock), a real shared session, an in-memory localStorage.
const adele: User = { id: 'oid-adele', tenantId: 'tid', name: 'Adele Vance', email: 'adele@example.test', roles: [] };
const megan: User = { id: 'oid-megan', tenantId: 'tid', name: 'Megan Bowen', email: 'megan@example.test', roles: [] };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const failure = (code: string) => Object.assign(new Error(code), { code });

/** The page's localStorage, where auto-select's login_hint waits (login-hint.ts). */
const storage = useLocalStorage();

/** An ID token as far as the element reads one (login-hint-of.ts): a payload, no signature check. */
const idTokenOf = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

function setup({
  restored = null as User | null | Error,
  clientFails = undefined as Error | undefined,
  autoSelectAttribute = false,
} = {}) {
  const log: string[] = [];
  const popups: { nonce: string; closed(): void; token: ReturnType<typeof deferred<string>> }[] = [];
  const silent: { nonce: string; loginHint: string; token: ReturnType<typeof deferred<string>> }[] = [];
  const tokenRequests: { scopes: string[]; account: TokenAccount; popupAllowed(): boolean }[] = [];
  const timers: { callback(): void; ms: number }[] = [];
  const exchanges: ReturnType<typeof deferred<User>>[] = [];
  const logouts: ReturnType<typeof deferred<void>>[] = [];
  const posted: unknown[] = [];
  let deliver: (data: unknown) => void = () => undefined;
  const session = createSharedSession(
    async () => {
      if (restored instanceof Error) throw restored;
      return restored;
    },
    {
      postMessage: (message: unknown) => void posted.push(message),
      addEventListener: ((_: string, listener: (event: { data: unknown }) => void) => {
        deliver = (data) => listener({ data });
      }) as BroadcastChannel['addEventListener'],
    },
  );
  // MSAL's side (msal.ts), and the client the chunk makes of it (sign-in.ts).
  const client = {
    signIn: vi.fn((nonce: string, closed: () => void) => {
      const token = deferred<string>();
      popups.push({ nonce, closed, token });
      return token.promise;
    }),
    signInSilently: vi.fn((nonce: string, loginHint: string) => {
      const token = deferred<string>();
      silent.push({ nonce, loginHint, token });
      return token.promise;
    }),
    accessToken: vi.fn(async (scopes: string[], account: TokenAccount, popupAllowed: () => boolean) => {
      tokenRequests.push({ scopes, account, popupAllowed });
      if (scopes.includes('Calendars.Read')) throw new TokenError('interaction_required');
      return `access-token:${scopes.join(' ')}`;
    }),
    clearCache: vi.fn(async () => undefined),
    redirectUri: 'https://www.example.com/shop/',
  };
  // What the chunk makes of it (sign-in.ts): auto-select only for a button with the attribute.
  const popupClient: PopupClient = {
    open: (run, nonce) => openPopup(run, client, nonce),
    ready: (run) => (autoSelectAttribute ? autoSelect(run, client) : undefined),
    token: (run, scopes, gesture) => accessTokenFor(run, client, scopes, gesture),
    photo: async () => undefined,
    clearCache: client.clearCache,
  };
  let nonce: string | undefined;
  let served = 0;
  const nonceFailures: Error[] = [];
  const ports = {
    session,
    loadClient: vi.fn(async () => {
      if (clientFails) throw clientFails;
      return popupClient;
    }),
    nonce: {
      current: () => nonce,
      fetch: vi.fn(async () => {
        const failed = nonceFailures.shift();
        if (failed) throw failed;
        return (nonce = `nonce-${++served}`);
      }),
      spend: (value: string) => {
        if (nonce === value) nonce = undefined;
      },
    },
    exchange: vi.fn((idToken: string) => {
      log.push(`exchange:${idToken}`);
      const answer = deferred<User>();
      exchanges.push(answer);
      return answer.promise;
    }),
    logout: vi.fn(() => {
      const answer = deferred<void>();
      logouts.push(answer);
      return answer.promise;
    }),
    describe: (error: unknown) => ({
      code: (error as { code?: string }).code ?? 'sign_in_failed',
      message: String((error as Error).message),
    }),
    later: (callback: () => void, ms: number) => void timers.push({ callback, ms }),
    decorate: vi.fn(),
  };
  const controller = createSignInController(ports, {
    change: (state) => log.push(state),
    signIn: (user, automatic) => log.push(`ms-signin:${user.name}${automatic ? ' (automatic)' : ''}`),
    signOut: () => log.push('ms-signout'),
    error: (detail) => log.push(`ms-error:${detail.code}`),
  });
  controller.start();
  const runTimers = () => timers.splice(0).forEach((timer) => timer.callback());
  return {
    controller,
    ports,
    client,
    session,
    log,
    popups,
    silent,
    tokenRequests,
    timers,
    runTimers,
    exchanges,
    logouts,
    posted,
    nonceFailures,
    deliver: (data: unknown) => deliver(data),
    spendNonce: () => (nonce = undefined),
  };
}

/** Set up, signed out and ready: MSAL loaded and a nonce in hand. */
async function ready(options?: Parameters<typeof setup>[0]) {
  const t = setup(options);
  await tick();
  t.controller.prepare();
  await tick();
  expect(t.controller.state).toBe('ready');
  t.log.length = 0;
  return t;
}

describe('createSignInController(): restore on load', () => {
  it('restoring → signedIn for an existing session, with ms-signin once, and MSAL never loaded', async () => {
    const t = setup({ restored: adele });
    expect(t.controller.state).toBe('restoring');
    await tick();
    expect(t.log).toEqual(['signedIn', 'ms-signin:Adele Vance']);
    expect(t.controller.user).toEqual(adele);
    t.controller.prepare(); // a pointer over the signed-in button loads nothing
    await tick();
    expect(t.ports.loadClient).not.toHaveBeenCalled();
    expect(t.posted).toEqual([]); // a restore is this tab's news only
  });

  it('restoring → signedOut without a session; prepare → preparing → ready, MSAL and one nonce', async () => {
    const t = setup();
    await tick();
    expect(t.log).toEqual(['signedOut']);
    t.controller.prepare();
    t.controller.prepare(); // idle time and a pointer together: one run
    expect(t.controller.state).toBe('preparing');
    await tick();
    expect(t.log).toEqual(['signedOut', 'preparing', 'ready']);
    expect(t.ports.loadClient).toHaveBeenCalledTimes(1);
    expect(t.ports.nonce.fetch).toHaveBeenCalledTimes(1);
  });

  it('does not prepare while restoring: the answer decides whether MSAL is needed at all', async () => {
    const t = setup({ restored: adele });
    t.controller.prepare();
    await tick();
    expect(t.ports.loadClient).not.toHaveBeenCalled();
  });

  it('a failed restore is signedOut and one ms-error; retries failing the same way stay quiet', async () => {
    const t = setup({ restored: failure('network_error'), clientFails: failure('network_error') });
    await tick();
    expect(t.log).toEqual(['signedOut', 'ms-error:network_error']);
    t.controller.prepare(); // housekeeping, every 30 s
    await tick();
    t.controller.prepare();
    await tick();
    expect(t.log.filter((entry) => entry.startsWith('ms-error'))).toEqual(['ms-error:network_error']);
    expect(t.controller.state).toBe('signedOut');
  });

  it('reports a background failure of another kind, and the same kind again after a success', async () => {
    const t = await ready();
    for (const code of ['rate_limited', 'rate_limited', 'network_error']) {
      t.spendNonce();
      t.nonceFailures.push(failure(code));
      t.controller.prepare();
      await tick();
    }
    t.spendNonce();
    t.controller.prepare(); // succeeds
    await tick();
    t.spendNonce();
    t.nonceFailures.push(failure('network_error'));
    t.controller.prepare();
    await tick();
    expect(t.log.filter((entry) => entry.startsWith('ms-error'))).toEqual([
      'ms-error:rate_limited',
      'ms-error:network_error',
      'ms-error:network_error',
    ]);
  });
});

describe('createSignInController(): the sign-in', () => {
  it('ready → popupOpen synchronously on the click → exchanging → signedIn; every button and tab told', async () => {
    const t = await ready();
    const signedIn = t.controller.signIn();
    // No await before the popup: the click's user activation must still hold (docs/msal.md).
    expect(t.client.signIn).toHaveBeenCalledWith('nonce-1', expect.any(Function));
    expect(t.controller.state).toBe('popupOpen');
    t.popups[0]!.token.resolve('id-token-1');
    await tick();
    expect(t.controller.state).toBe('exchanging');
    t.exchanges[0]!.resolve(adele);
    await expect(signedIn).resolves.toEqual(adele);
    expect(t.log).toEqual(['popupOpen', 'exchanging', 'exchange:id-token-1', 'signedIn', 'ms-signin:Adele Vance']);
    expect(t.posted).toEqual([{ user: adele }]); // the site's other tabs
    expect(t.ports.nonce.current()).toBeUndefined(); // spent: the server takes a nonce once
  });

  it('a second click during the sign-in returns the same promise and opens nothing', async () => {
    const t = await ready();
    const first = t.controller.signIn();
    expect(t.controller.signIn()).toBe(first);
    t.popups[0]!.token.resolve('id-token-1');
    await tick();
    expect(t.controller.signIn()).toBe(first); // while exchanging too
    t.exchanges[0]!.resolve(adele);
    await first;
    expect(t.client.signIn).toHaveBeenCalledTimes(1);
    await expect(t.controller.signIn()).resolves.toEqual(adele); // signed in: no popup either
    expect(t.client.signIn).toHaveBeenCalledTimes(1);
  });

  it('a click before ready is starting: the popup opens as soon as MSAL and a nonce are there', async () => {
    const t = setup();
    await tick();
    void t.controller.signIn();
    expect(t.controller.state).toBe('starting');
    expect(t.client.signIn).not.toHaveBeenCalled();
    await tick();
    expect(t.client.signIn).toHaveBeenCalledWith('nonce-1', expect.any(Function));
    expect(t.log).toEqual(['signedOut', 'starting', 'popupOpen']);
  });

  it('a stale nonce on the click fetches a fresh one before the popup', async () => {
    const t = await ready();
    t.spendNonce(); // older than 5 minutes
    void t.controller.signIn();
    expect(t.controller.state).toBe('starting');
    await tick();
    expect(t.popups[0]!.nonce).toBe('nonce-2');
  });

  it('a click whose start fails rejects with one ms-error (not a second one as a background failure)', async () => {
    const t = setup({ clientFails: failure('config_missing') });
    await tick();
    const signedIn = t.controller.signIn();
    await expect(signedIn).rejects.toBeInstanceOf(SignInError);
    await expect(signedIn).rejects.toMatchObject({ code: 'config_missing' });
    await tick();
    expect(t.log).toEqual(['signedOut', 'starting', 'signedOut', 'ms-error:config_missing']);
  });

  it('an MSAL failure (a blocked popup) reports it, spends the nonce and readies a new one', async () => {
    const t = await ready();
    const signedIn = t.controller.signIn();
    t.popups[0]!.token.reject(failure('popup_blocked'));
    await expect(signedIn).rejects.toMatchObject({ code: 'popup_blocked' });
    await tick();
    expect(t.log).toEqual(['popupOpen', 'signedOut', 'ms-error:popup_blocked', 'preparing', 'ready']);
    expect(t.ports.nonce.current()).toBe('nonce-2');
  });

  it("an error from Entra is explained with the popup's redirect URI, not the ports' generic description", async () => {
    const t = await ready();
    const signedIn = t.controller.signIn();
    const webPlatform =
      "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type.";
    t.popups[0]!.token.reject(tokenEndpointError('invalid_request', 9002326, webPlatform));
    await expect(signedIn).rejects.toMatchObject({
      code: 'redirect_uri_not_spa',
      message: expect.stringContaining('must register https://www.example.com/shop/ as a Single-page application'),
    });
    expect(t.log).toContain('ms-error:redirect_uri_not_spa');
  });

  it('a refused exchange reports the server code; the nonce is spent and the button ready again', async () => {
    const t = await ready();
    const signedIn = t.controller.signIn();
    t.popups[0]!.token.resolve('id-token-1');
    await tick();
    t.exchanges[0]!.reject(failure('nonce_mismatch'));
    await expect(signedIn).rejects.toMatchObject({ code: 'nonce_mismatch' });
    await tick();
    expect(t.controller.state).toBe('ready');
    expect(t.ports.nonce.current()).toBe('nonce-2');
    expect(t.controller.user).toBeNull();
  });
});

describe('createSignInController(): a popup closed by hand', () => {
  it(`fails with popup_closed after a ${closedPopupGrace} ms grace, keeping the nonce for a late token`, async () => {
    const t = await ready();
    const signedIn = t.controller.signIn();
    t.popups[0]!.closed();
    expect(t.timers.map((timer) => timer.ms)).toEqual([closedPopupGrace]);
    expect(t.controller.state).toBe('popupOpen'); // not before the grace
    t.runTimers();
    await expect(signedIn).rejects.toMatchObject({ code: 'popup_closed' });
    expect(t.log).toEqual(['popupOpen', 'ready', 'ms-error:popup_closed']);
    expect(t.ports.nonce.current()).toBe('nonce-1');
  });

  it('a token within the grace wins: the popup closed itself after success', async () => {
    const t = await ready();
    const signedIn = t.controller.signIn();
    t.popups[0]!.closed();
    t.popups[0]!.token.resolve('id-token-1');
    await tick();
    t.runTimers();
    t.exchanges[0]!.resolve(adele);
    await expect(signedIn).resolves.toEqual(adele);
    expect(t.log).not.toContain('ms-error:popup_closed');
  });

  it('a token after the grace (the popup only looked closed) still signs in', async () => {
    const t = await ready();
    void t.controller.signIn().catch(() => undefined);
    t.popups[0]!.closed();
    t.runTimers();
    t.popups[0]!.token.resolve('id-token-late');
    await tick();
    expect(t.controller.state).toBe('exchanging');
    expect(t.controller.signIn()).not.toBe(undefined); // a click now joins the late sign-in
    expect(t.client.signIn).toHaveBeenCalledTimes(1);
    t.exchanges[0]!.resolve(adele);
    await tick();
    expect(t.controller.state).toBe('signedIn');
    expect(t.log.slice(-2)).toEqual(['signedIn', 'ms-signin:Adele Vance']);
  });

  it('a superseded attempt: the first popup’s token and failure are dropped, the second one counts', async () => {
    const t = await ready();
    void t.controller.signIn().catch(() => undefined);
    t.popups[0]!.closed();
    t.runTimers();
    const second = t.controller.signIn();
    expect(t.popups).toHaveLength(2);
    t.popups[0]!.token.resolve('id-token-old');
    await tick();
    expect(t.ports.exchange).not.toHaveBeenCalled();
    t.popups[0]!.token.reject(failure('timed_out'));
    t.popups[1]!.token.resolve('id-token-new');
    await tick();
    t.exchanges[0]!.resolve(adele);
    await expect(second).resolves.toEqual(adele);
    expect(t.log).toContain('exchange:id-token-new');
    expect(t.log).not.toContain('exchange:id-token-old');
    expect(t.log.filter((entry) => entry.startsWith('ms-error'))).toEqual(['ms-error:popup_closed']);
  });

  it('MSAL giving up on a popup already reported as closed says nothing more, and readies a new nonce', async () => {
    const t = await ready();
    void t.controller.signIn().catch(() => undefined);
    t.popups[0]!.closed();
    t.runTimers();
    t.popups[0]!.token.reject(failure('timed_out')); // MSAL's own 60 s bridge timeout
    await tick();
    expect(t.log.filter((entry) => entry.startsWith('ms-error'))).toEqual(['ms-error:popup_closed']);
    expect(t.ports.nonce.current()).toBe('nonce-2');
    expect(t.controller.state).toBe('ready');
  });
});

describe('createSignInController(): sign-out, and the page’s other buttons and tabs', () => {
  it('signedIn → signingOut → signedOut: logs out, clears MSAL’s cache, tells every button and tab', async () => {
    const t = await ready();
    void t.controller.signIn();
    t.popups[0]!.token.resolve('id-token-1');
    await tick();
    t.exchanges[0]!.resolve(adele);
    await tick();
    t.log.length = 0;
    const signedOut = t.controller.signOut();
    expect(t.controller.state).toBe('signingOut');
    void t.controller.signOut(); // a second click does nothing more
    expect(t.ports.logout).toHaveBeenCalledTimes(1);
    t.logouts[0]!.resolve();
    await signedOut;
    expect(t.log).toEqual(['signingOut', 'signedOut', 'ms-signout']);
    expect(t.client.clearCache).toHaveBeenCalled();
    expect(t.posted.at(-1)).toEqual({ user: null });
    expect(t.controller.user).toBeNull();
  });

  it('a failed sign-out stays signed in, with ms-error and a rejection', async () => {
    const t = setup({ restored: adele });
    await tick();
    const signedOut = t.controller.signOut();
    t.logouts[0]!.reject(failure('network_error'));
    await expect(signedOut).rejects.toMatchObject({ code: 'network_error' });
    expect(t.log.slice(-3)).toEqual(['signingOut', 'signedIn', 'ms-error:network_error']);
  });

  it('follows a sign-in of another button or tab: signedIn, ms-signin, and a waiting click resolves', async () => {
    const t = await ready();
    const waiting = t.controller.signIn();
    t.deliver({ user: megan }); // another tab, over the BroadcastChannel
    await expect(waiting).resolves.toEqual(megan);
    expect(t.log).toEqual(['popupOpen', 'signedIn', 'ms-signin:Megan Bowen']);
    t.popups[0]!.token.resolve('id-token-1'); // this popup's token is not needed any more
    await tick();
    expect(t.ports.exchange).not.toHaveBeenCalled();
  });

  it('follows a sign-out of another tab: signedOut and ms-signout; a sign-in as someone else is a new ms-signin', async () => {
    const t = setup({ restored: adele });
    await tick();
    t.deliver({ user: adele }); // the same person again: nothing new
    t.deliver({ user: megan });
    t.deliver({ user: null });
    t.deliver({ nonsense: true }); // not ours: ignored
    expect(t.log).toEqual(['signedIn', 'ms-signin:Adele Vance', 'ms-signin:Megan Bowen', 'signedOut', 'ms-signout']);
  });

  it('after dispose() it follows nothing', async () => {
    const t = setup();
    await tick();
    t.controller.dispose();
    t.session.set(adele);
    expect(t.log).toEqual(['signedOut']);
  });

  it('a controller made after the page knows the answer takes it without asking the server again', async () => {
    const fetchUser = vi.fn(async () => adele);
    const session = createSharedSession(fetchUser, { postMessage: () => undefined, addEventListener: () => undefined });
    await session.restore();
    const log: string[] = [];
    const ports = setup().ports;
    const controller = createSignInController(
      { ...ports, session },
      {
        change: (state) => log.push(state),
        signIn: (user) => log.push(`ms-signin:${user.name}`),
        signOut: () => undefined,
        error: () => undefined,
      },
    );
    controller.start();
    expect(log).toEqual(['signedIn', 'ms-signin:Adele Vance']);
    expect(fetchUser).toHaveBeenCalledTimes(1);
  });
});

describe('createSignInController(): auto-select (silent-flow.ts)', () => {
  /** A button with auto-select, in a browser that signed in here before as `hint`. */
  async function returning(hint: string | null = 'adele@example.test') {
    if (hint) storage.set(loginHintKey, hint);
    const t = setup({ autoSelectAttribute: true });
    await tick();
    t.controller.prepare(); // after first paint
    await tick();
    return t;
  }

  it('when first ready: ssoSilent with the remembered username and a nonce of its own; the token signs in, ms-signin says automatic', async () => {
    const t = await returning();
    expect(t.silent.map(({ nonce, loginHint }) => ({ nonce, loginHint }))).toEqual([
      { nonce: 'nonce-1', loginHint: 'adele@example.test' },
    ]);
    // Nothing shows meanwhile: the button is ready, a fresh nonce in hand for a click.
    expect(t.controller.state).toBe('ready');
    expect(t.ports.nonce.current()).toBe('nonce-2');
    t.silent[0]!.token.resolve('id-token-silent');
    await tick();
    expect(t.ports.exchange).toHaveBeenCalledWith('id-token-silent');
    t.exchanges[0]!.resolve(adele);
    await tick();
    expect(t.controller.state).toBe('signedIn');
    expect(t.log.filter((entry) => entry.startsWith('ms-'))).toEqual(['ms-signin:Adele Vance (automatic)']);
    expect(t.posted).toEqual([{ user: adele }]); // the other tabs follow
  });

  it('tries nothing in a browser that never signed in here, or signed out since (no hint)', async () => {
    const t = await returning(null);
    expect(t.client.signInSilently).not.toHaveBeenCalled();
    expect(t.controller.state).toBe('ready');
    expect(t.ports.nonce.current()).toBe('nonce-1');
  });

  it('a button without auto-select tries nothing, hint or not', async () => {
    storage.set(loginHintKey, 'adele@example.test');
    const t = await ready();
    expect(t.client.signInSilently).not.toHaveBeenCalled();
  });

  it('Microsoft needing the person, or the server refusing the token: no ms-error, the button stays ready', async () => {
    const t = await returning();
    t.silent[0]!.token.reject(failure('login_required'));
    await tick();
    expect(t.controller.state).toBe('ready');
    const refused = await returning();
    refused.silent[0]!.token.resolve('id-token-silent');
    await tick();
    refused.exchanges[0]!.reject(failure('tenant_not_allowed'));
    await tick();
    for (const run of [t, refused]) {
      expect(run.log.filter((entry) => entry.startsWith('ms-'))).toEqual([]);
      expect(run.controller.state).toBe('ready');
    }
  });

  it(`gives up after ${autoSelectTimeout} ms: a later answer signs nobody in`, async () => {
    const t = await returning();
    expect(t.timers.map((timer) => timer.ms)).toEqual([autoSelectTimeout]);
    t.runTimers();
    t.silent[0]!.token.resolve('id-token-late');
    await tick();
    expect(t.ports.exchange).not.toHaveBeenCalled();
    expect(t.controller.state).toBe('ready');
  });

  it('a click during the attempt opens the popup at once; the silent answer is then dropped', async () => {
    const t = await returning();
    void t.controller.signIn();
    expect(t.client.signIn).toHaveBeenCalledWith('nonce-2', expect.any(Function));
    t.silent[0]!.token.resolve('id-token-silent');
    await tick();
    expect(t.ports.exchange).not.toHaveBeenCalled();
    t.popups[0]!.token.resolve('id-token-popup');
    await tick();
    expect(t.ports.exchange).toHaveBeenCalledWith('id-token-popup');
  });

  it('tries once: the button ready again later (a fresh nonce, a failed click) tries nothing more', async () => {
    const t = await returning();
    t.silent[0]!.token.reject(failure('login_required'));
    await tick();
    t.spendNonce();
    t.controller.prepare();
    await tick();
    expect(t.controller.state).toBe('ready');
    expect(t.client.signInSilently).toHaveBeenCalledTimes(1);
  });

  it('an explicit sign-in remembers the username of the ID token (never the token), else the email', async () => {
    const t = await ready();
    void t.controller.signIn();
    const idToken = idTokenOf({ preferred_username: 'adele.vance@contoso.test', oid: 'x' });
    t.popups[0]!.token.resolve(idToken);
    await tick();
    t.exchanges[0]!.resolve(adele);
    await tick();
    expect([...storage.values()]).toEqual(['adele.vance@contoso.test']);
    const other = await ready();
    void other.controller.signIn();
    other.popups[0]!.token.resolve('not-a-jwt');
    await tick();
    other.exchanges[0]!.resolve(megan);
    await tick();
    expect(storage.get(loginHintKey)).toBe(megan.email);
  });
});

describe('createSignInController(): getAccessToken (token-flow.ts)', () => {
  it('asks MSAL for the signed-in account (object and tenant ids), hinting the remembered username', async () => {
    storage.set(loginHintKey, 'adele.vance@contoso.test');
    const t = setup({ restored: adele });
    await tick();
    await expect(t.controller.token(['User.Read'])).resolves.toBe('access-token:User.Read');
    expect(t.tokenRequests[0]).toMatchObject({
      scopes: ['User.Read'],
      account: { id: adele.id, tenantId: adele.tenantId, loginHint: 'adele.vance@contoso.test' },
    });
    expect(t.controller.state).toBe('signedIn'); // MSAL loaded for it, nothing else changed
  });

  it('allows a popup only for a call from a click, while its user activation holds', async () => {
    const t = setup({ restored: adele });
    await tick();
    await t.controller.token(['User.Read'], true); // the element read navigator.userActivation when the page called
    await t.controller.token(['User.Read'], false);
    const [fromClick, other] = t.tokenRequests.map((request) => request.popupAllowed);
    vi.stubGlobal('navigator', { userActivation: { isActive: true } });
    expect(fromClick!()).toBe(true);
    expect(other!()).toBe(false); // a call from a timer or on load, whatever happens meanwhile
    vi.stubGlobal('navigator', { userActivation: { isActive: false } });
    expect(fromClick!()).toBe(false); // the click's activation has run out: no popup the browser would block
    vi.stubGlobal('navigator', {});
    expect(fromClick!()).toBe(false); // no navigator.userActivation (Safari before 16.4): never
  });

  it('rejects with a SignInError: interaction_required, not_signed_in, or why MSAL did not load', async () => {
    const t = setup({ restored: adele });
    await tick();
    const needsPerson = t.controller.token(['Calendars.Read']);
    await expect(needsPerson).rejects.toBeInstanceOf(SignInError);
    await expect(needsPerson).rejects.toMatchObject({ code: 'interaction_required' });
    const signedOut = setup();
    await tick();
    await expect(signedOut.controller.token(['User.Read'])).rejects.toMatchObject({
      code: 'not_signed_in',
    });
    const noChunk = setup({ restored: adele, clientFails: failure('network_error') });
    await tick();
    await expect(noChunk.controller.token(['User.Read'])).rejects.toMatchObject({ code: 'network_error' });
    // getAccessToken's failures are the page's to answer: no ms-error, no state change.
    expect([...t.log, ...signedOut.log, ...noChunk.log].filter((entry) => entry.startsWith('ms-error'))).toEqual([]);
  });
});

// <ms-signin-button>: renders at once from the small loader, loads MSAL once painted, signs in with a
// popup, trades the ID token for the server's session cookie, and tells the page through events.
import { ApiError, type User } from '../api.ts';
import { afterPaint } from './after-paint.ts';
import { type AuthApi, createAuthApi } from './auth-api.ts';
import { describeFailure, SignInError, type SignInErrorDetail, signInFailed } from './errors.ts';
import { currentNonce, fetchNonce, spendNonce } from './nonce-cache.ts';
import { type Appearance, parseAppearance, serverOrigin } from './options.ts';
import { reflectAttributes } from './reflect-attributes.ts';
import { renderSignedIn, renderSignedOut, styleSheet } from './render.ts';
import type * as SignInModule from './sign-in.ts'; // types only: the chunk itself loads after first paint
import { stringsFor } from './strings.ts';

const appearanceAttributes = ['theme', 'size', 'shape', 'text', 'width', 'locale'];
const serverAttributes = ['client-id', 'tenant', 'authority-host', 'login-uri', 'redirect-uri'];
const housekeepingInterval = 30_000; // ms
const closedPopupGrace = 1_500; // ms: a popup that closed itself after success still delivers its token

/** The attributes, reflected as string properties (`button.theme = 'dark'` sets the attribute). */
export interface MsSignInButton {
  theme: string | null;
  size: string | null;
  shape: string | null;
  text: string | null;
  width: string | null;
  locale: string | null;
  clientId: string | null;
  tenant: string | null;
  authorityHost: string | null;
  loginUri: string | null;
  redirectUri: string | null;
}

/**
 * The "Sign in with Microsoft" button.
 * @example
 * ```html
 * <ms-signin-button login-uri="https://auth.example.com/auth/microsoft"></ms-signin-button>
 * <script>document.querySelector('ms-signin-button').addEventListener('ms-signin', (e) => console.log(e.detail.name))</script>
 * ```
 */
export class MsSignInButton extends HTMLElement {
  static readonly observedAttributes = [...appearanceAttributes, ...serverAttributes];

  readonly #root = this.attachShadow({ mode: 'open', delegatesFocus: true });
  #appearance: Appearance | undefined; // set on first connection: attributes are not readable before
  #server = '';
  #api: AuthApi | undefined;
  #user: User | null = null;
  #client: SignInModule.SignInClient | undefined;
  #msal: typeof SignInModule | undefined; // the lazily loaded chunk
  #preparing: Promise<void> | undefined;
  #lastBackgroundError: string | undefined;
  #restoring: Promise<void> | undefined;
  #restored = false;
  #pendingSignIn: Promise<User> | undefined;
  #attempt = 0;
  #waitingFor: number | undefined; // the attempt whose popup is open
  #signingOut = false;
  #listeners: AbortController | undefined;
  #timer: number | undefined;
  #cancelIdle: (() => void) | undefined;

  /** The signed-in user, or null. */
  get user(): User | null {
    return this.#user;
  }

  connectedCallback(): void {
    if (!this.#appearance) {
      this.#root.adoptedStyleSheets = [styleSheet()];
      this.#configure();
      this.#render();
    }
    this.#listeners = new AbortController();
    const signal = this.#listeners.signal;
    this.#root.addEventListener('click', this.#onClick, { signal });
    // Whichever comes first of idle time, a pointer or the keyboard reaching the button loads MSAL.
    this.addEventListener('pointerenter', this.#warmUp, { signal });
    this.addEventListener('focusin', this.#warmUp, { signal });
    document.addEventListener('visibilitychange', this.#housekeeping, { signal });
    this.#timer = window.setInterval(this.#housekeeping, housekeepingInterval);
    if (!this.#restoring) void this.#restore();
    else if (!this.#user) this.#scheduleIdlePrepare();
  }

  disconnectedCallback(): void {
    this.#listeners?.abort();
    window.clearInterval(this.#timer);
    this.#cancelIdle?.();
    this.#cancelIdle = undefined;
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue === newValue || !this.#appearance) return;
    if (appearanceAttributes.includes(name)) return this.#render();
    // Another server or app registration: the client and the session check start again.
    const server = this.#server;
    this.#configure();
    this.#client = undefined;
    this.#lastBackgroundError = undefined;
    if (!this.isConnected) return;
    if (this.#server !== server) void this.#restore();
    else if (!this.#user) this.#scheduleIdlePrepare();
  }

  /**
   * Opens the Microsoft popup (call it from a click, or the browser blocks the popup) and resolves with
   * the user once the server has set its session cookie. Rejects with a {@link SignInError} (and fires
   * `ms-error`); a second call during a sign-in returns the same promise.
   */
  signIn(): Promise<User> {
    if (this.#user) return Promise.resolve(this.#user);
    if (this.#pendingSignIn) return this.#pendingSignIn;
    // Synchronous up to the popup when MSAL and a nonce are ready: an await first would cost the click's
    // user activation. Otherwise MSAL loads first, and the popup opens while the activation lasts.
    const pending = this.#isReady() ? this.#openPopup() : this.#prepare().then(() => this.#openPopup());
    this.#pendingSignIn = pending;
    const settle = () => {
      if (this.#pendingSignIn === pending) this.#pendingSignIn = undefined;
      this.#update();
    };
    pending.then(settle, settle);
    this.#update();
    return pending;
  }

  /** Ends the server session (`POST /auth/logout`) and fires `ms-signout`. Rejects with a {@link SignInError}. */
  async signOut(): Promise<void> {
    if (!this.#user || this.#signingOut) return;
    this.#signingOut = true;
    this.#update();
    try {
      await this.#api!.logout();
      // Local only: people stay signed in to Microsoft; this site's session, which is what counts, is gone.
      await this.#client?.clearCache().catch(() => undefined);
    } catch (error) {
      throw this.#fail(this.#describe(error));
    } finally {
      this.#signingOut = false;
      this.#update();
    }
    this.#setUser(null);
    this.#emit('ms-signout', null);
    void this.#prepare().catch(() => undefined);
  }

  #configure(): void {
    this.#server = serverOrigin(this.loginUri, location.href, import.meta.url);
    this.#api = createAuthApi(this.#server);
  }

  #isReady(): boolean {
    return Boolean(this.#client && currentNonce(this.#server));
  }

  #onClick = (event: Event): void => {
    const control = (event.target as Element).closest('button');
    if (control?.classList.contains('o')) this.signOut().catch(() => undefined);
    else if (control) this.signIn().catch(() => undefined);
  };

  #warmUp = (): void => void this.#prepare().catch(() => undefined);

  // Keeps the nonce younger than its cookie, and retries a failed start, while nobody is signed in.
  #housekeeping = (): void => {
    if (document.visibilityState === 'visible' && this.#restored && !this.#user && !this.#pendingSignIn) this.#warmUp();
  };

  #scheduleIdlePrepare(): void {
    // MSAL never competes with the page's first paint.
    this.#cancelIdle ??= afterPaint(() => {
      this.#cancelIdle = undefined;
      this.#warmUp();
    });
  }

  /** Loads MSAL (once) and readies a nonce while nobody is signed in. Rejects when that fails. */
  #prepare(): Promise<void> {
    this.#preparing ??= this.#loadClient()
      .then(() => {
        if (!this.#user) return fetchNonce(this.#server, this.#api!).then(() => undefined);
      })
      .then(
        () => void (this.#lastBackgroundError = undefined),
        (error: unknown) => {
          const detail = this.#describe(error);
          throw this.#pendingSignIn ? this.#fail(detail) : this.#failInBackground(detail);
        },
      )
      .finally(() => {
        this.#preparing = undefined;
        this.#update();
      });
    return this.#preparing;
  }

  async #loadClient(): Promise<void> {
    if (this.#client) return;
    const server = this.#server;
    const [module, serverConfig] = await Promise.all([
      import('./sign-in.ts'),
      // A server without GET /auth/config is fine when the attributes name the app registration.
      this.#api!.getConfig().catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 0) throw error; // not reached at all
        return undefined;
      }),
    ]);
    this.#msal = module;
    const config = module.resolveMsalConfig(
      {
        clientId: this.clientId ?? undefined,
        tenant: this.tenant ?? undefined,
        authorityHost: this.authorityHost ?? undefined,
      },
      serverConfig,
      module.redirectUriFor(this.redirectUri, location.href),
    );
    if (!config) throw new SignInError(module.errorDetail('config_missing'));
    const client = await module.signInClient(config);
    if (server === this.#server) this.#client = client;
  }

  #openPopup(): Promise<User> {
    const client = this.#client;
    const nonce = currentNonce(this.#server);
    if (!client || !nonce) return Promise.reject(this.#fail(signInFailed));
    const attempt = ++this.#attempt;
    this.#waitingFor = attempt;
    return new Promise<User>((resolve, reject) => {
      const idToken = client.signIn(nonce, () => {
        // MSAL 5 only notices a closed popup after its 60 s bridge timeout; msal.ts watches for it.
        window.setTimeout(() => {
          if (this.#waitingFor !== attempt) return;
          // MSAL's promise stays pending: if the popup only looked closed, its token still counts
          // (#finish), so the nonce is kept for it.
          this.#waitingFor = undefined;
          reject(this.#fail(this.#msal!.errorDetail('popup_closed')));
        }, closedPopupGrace);
      });
      this.#finish(attempt, nonce, idToken).then(resolve, reject);
    });
  }

  async #finish(attempt: number, nonce: string, idTokenPromise: Promise<string>): Promise<User> {
    const server = this.#server;
    let idToken: string;
    try {
      idToken = await idTokenPromise;
    } catch (error) {
      const detail = this.#describe(error, server);
      // Otherwise a later attempt superseded this one, or it was already reported as a closed popup.
      if (this.#waitingFor !== attempt) throw new SignInError(detail);
      this.#endAttempt(nonce);
      throw this.#fail(detail);
    }
    if (attempt !== this.#attempt) throw new SignInError(signInFailed); // a newer attempt runs
    if (this.#user) {
      this.#endAttempt(nonce); // signed in meanwhile, by the session check
      return this.#user;
    }
    this.#waitingFor = attempt;
    this.#update();
    try {
      const user = await this.#api!.signIn(idToken);
      this.#setUser(user);
      this.#emit('ms-signin', user);
      return user;
    } catch (error) {
      throw this.#fail(this.#describe(error, server));
    } finally {
      this.#endAttempt(nonce);
    }
  }

  /** A nonce serves one sign-in: whatever happened, the next attempt gets a fresh one. */
  #endAttempt(nonce: string): void {
    spendNonce(this.#server, nonce);
    this.#waitingFor = undefined;
    if (!this.#user) void this.#prepare().catch(() => undefined);
    this.#update();
  }

  async #restore(): Promise<void> {
    const server = this.#server;
    const restoring = this.#api!.getMe().then(
      (user) => {
        if (server !== this.#server || !user || this.#user) return;
        this.#setUser(user);
        this.#emit('ms-signin', user);
      },
      (error: unknown) => void this.#failInBackground(this.#describe(error, server)),
    );
    this.#restoring = restoring;
    await restoring;
    this.#restored = true;
    if (!this.#user && this.isConnected) this.#scheduleIdlePrepare();
  }

  #setUser(user: User | null): void {
    this.#user = user;
    this.#render();
  }

  #render(): void {
    const appearance = parseAppearance(this.getAttribute.bind(this), navigator.languages);
    this.#appearance = appearance;
    const strings = stringsFor(appearance.locale);
    // Focus follows the content: after sign-in to Sign out, after sign-out back to the button.
    const hadFocus = this.#root.activeElement !== null;
    this.#root.innerHTML = this.#user
      ? renderSignedIn(appearance, strings, this.#user.name || this.#user.email)
      : renderSignedOut(appearance, strings);
    // Through the CSSOM: a style attribute would need 'unsafe-inline' in the page's CSP.
    if (appearance.width) (this.#root.firstElementChild as HTMLElement).style.width = `${appearance.width}px`;
    this.#update();
    if (hadFocus) this.#root.querySelector('button')?.focus();
  }

  /** The button's state for people (aria-disabled while busy) and pages and tests (`data-state`). */
  #update(): void {
    const button = this.#root.querySelector('button');
    if (!button) return;
    const busy = button.classList.contains('o')
      ? this.#signingOut
      : this.#waitingFor !== undefined || !!this.#pendingSignIn;
    // Not disabled while loading: a click then opens the popup as soon as MSAL is ready.
    button.dataset.state = busy ? 'busy' : this.#user || this.#isReady() ? 'ready' : 'loading';
    if (busy) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
  }

  #describe(error: unknown, server = this.#server): SignInErrorDetail {
    return this.#msal?.describeMsalError(error) ?? describeFailure(error, server);
  }

  // Start-up and its retries every 30 s: the page hears once per kind of failure.
  #failInBackground(detail: SignInErrorDetail): SignInError {
    const repeated = detail.code === this.#lastBackgroundError;
    this.#lastBackgroundError = detail.code;
    return repeated ? new SignInError(detail) : this.#fail(detail);
  }

  #fail(detail: SignInErrorDetail): SignInError {
    this.#emit('ms-error', detail);
    return new SignInError(detail);
  }

  #emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
  }
}

reflectAttributes(MsSignInButton, MsSignInButton.observedAttributes);

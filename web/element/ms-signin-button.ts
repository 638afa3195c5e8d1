// <ms-signin-button>: attributes, rendering, listeners and events. The sign-in itself (restore, MSAL, the
// popup, the exchange, sign-out) is sign-in-controller.ts, wired to the browser by browser-ports.ts.
import { afterPaint } from './after-paint.ts';
import { browserPorts } from './browser-ports.ts';
import { type Appearance, parseAppearance, serverOrigin } from './options.ts';
import { reflectAttributes } from './reflect-attributes.ts';
import { renderSignedIn, renderSignedOut, styleSheet } from './render.ts';
import { createSignInController, ignore, type SignInController, type SignInState } from './sign-in-controller.ts';
import { stringsFor } from './strings.ts';
import type { User } from './types.ts';

const appearanceAttributes = ['theme', 'size', 'shape', 'text', 'width', 'locale', 'picture'];
const serverAttributes = ['client-id', 'tenant', 'authority-host', 'login-uri', 'redirect-uri'];
const housekeepingInterval = 30_000; // ms
const busy: SignInState[] = ['starting', 'popupOpen', 'exchanging', 'signingOut'];

/** What the button shows: its appearance attributes parsed, each with its default (docs/element.md). */
const appearanceOf = (element: HTMLElement): Appearance =>
  parseAppearance(element.getAttribute.bind(element), navigator.languages);

/** `ms-signin`'s detail: the user, and whether auto-select signed them in without a click. */
export type SignInEventDetail = User & { automatic: boolean };

/**
 * The attributes as properties (`button.theme = 'dark'` sets the attribute). The appearance ones read
 * typed, with their defaults (`button.size` is 'medium' without the attribute, never null); the server
 * ones read the attribute.
 */
export interface MsSignInButton extends Appearance {
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
  #controller: SignInController | undefined; // made on first connection: attributes are not readable before
  #shown: User | null | undefined; // whose state the shadow DOM shows
  #listeners: AbortController | undefined;
  #timer: number | undefined;
  #cancelIdle: (() => void) | undefined;

  /** The signed-in user, or null. */
  get user(): User | null {
    return this.#controller?.user ?? null;
  }

  connectedCallback(): void {
    if (!this.#controller) {
      this.#root.adoptedStyleSheets = [styleSheet()];
      this.#connect();
    }
    this.#listeners = new AbortController();
    const signal = this.#listeners.signal;
    this.#root.addEventListener('click', this.#onClick, { signal });
    // Whichever comes first of idle time, a pointer or the keyboard reaching the button loads MSAL.
    this.addEventListener('pointerenter', this.#warmUp, { signal });
    this.addEventListener('focusin', this.#warmUp, { signal });
    document.addEventListener('visibilitychange', this.#housekeeping, { signal });
    this.#timer = window.setInterval(this.#housekeeping, housekeepingInterval);
    if (this.#controller!.state === 'signedOut') this.#scheduleIdlePrepare();
  }

  disconnectedCallback(): void {
    this.#listeners?.abort();
    window.clearInterval(this.#timer);
    this.#cancelIdle?.();
    this.#cancelIdle = undefined;
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue === newValue || !this.#controller) return;
    if (appearanceAttributes.includes(name)) return this.#render();
    // Another server or app registration: a new controller (the page's session and nonce are per server).
    this.#controller.dispose();
    this.#connect();
  }

  /**
   * Opens the Microsoft popup (call it from a click, or the browser blocks the popup) and resolves with
   * the user once the server has set its session cookie. Rejects with a `SignInError` (and fires
   * `ms-error`); a second call during a sign-in returns the same promise.
   */
  signIn(): Promise<User> {
    return this.#controller!.signIn();
  }

  /** Ends the server session (`POST /auth/logout`) and fires `ms-signout`. Rejects with a `SignInError`. */
  signOut(): Promise<void> {
    return this.#controller!.signOut();
  }

  /**
   * An access token of the signed-in account for `scopes` (`['User.Read']` for Microsoft Graph). Silent; a popup
   * only when called from a click and Microsoft needs the person. Rejects with a `SignInError` whose code is
   * `interaction_required` (call again from a click), `not_signed_in`, or another `ms-error` code.
   */
  getAccessToken(scopes: string[]): Promise<string> {
    // Whether this call comes from a click, read now: the popup fallback is for those only.
    return this.#controller!.token(scopes, navigator.userActivation?.isActive);
  }

  #connect(): void {
    const attribute = this.getAttribute.bind(this);
    const server = serverOrigin(attribute('login-uri'), location.href, import.meta.url);
    this.#controller = createSignInController(browserPorts(server, attribute), {
      change: (state, previous) => {
        // After the session check or a sign-out MSAL loads in idle time; a failed start waits for housekeeping.
        if (state === 'signedOut' && previous !== 'preparing' && this.isConnected) this.#scheduleIdlePrepare();
        if (this.#controller?.user === this.#shown) this.#update();
        else this.#render();
      },
      signIn: (user, automatic) => this.#emit('ms-signin', { ...user, automatic } satisfies SignInEventDetail),
      signOut: () => this.#emit('ms-signout', null),
      error: (detail) => {
        this.#emit('ms-error', detail);
        void this.#controller!.decorate(this, detail); // the error state: decorations.ts
      },
    });
    this.#render();
    this.#controller.start();
  }

  #onClick = (event: Event): void => {
    const control = (event.target as Element).closest('button');
    if (control?.classList.contains('o')) this.signOut().catch(ignore);
    else if (control) this.signIn().catch(ignore);
  };

  #warmUp = (): void => this.#controller?.prepare();

  // Keeps the nonce younger than its cookie, and retries a failed start, while nobody is signed in.
  #housekeeping = (): void => {
    if (document.visibilityState === 'visible') this.#warmUp();
  };

  #scheduleIdlePrepare(): void {
    // MSAL never competes with the page's first paint.
    this.#cancelIdle ??= afterPaint(() => {
      this.#cancelIdle = undefined;
      this.#warmUp();
    });
  }

  #render(): void {
    const appearance = appearanceOf(this);
    const strings = stringsFor(appearance.locale);
    const user = (this.#shown = this.user);
    // Focus follows the content: after sign-in to Sign out, after sign-out back to the button.
    const hadFocus = !!this.#root.activeElement;
    this.#root.innerHTML = user
      ? renderSignedIn(appearance, strings, user.name || user.email)
      : renderSignedOut(appearance, strings);
    // Through the CSSOM: a style attribute would need 'unsafe-inline' in the page's CSP.
    if (appearance.width) (this.#root.firstElementChild as HTMLElement).style.width = `${appearance.width}px`;
    this.#update();
    if (hadFocus) this.#root.querySelector('button')?.focus();
    // The picture, and the error state, are the MSAL chunk's to draw (decorations.ts), loaded for them.
    if (user && appearance.picture) void this.#controller!.decorate(this);
  }

  /** The button's state for people (aria-disabled while busy) and pages and tests (`data-state`). */
  #update(): void {
    const button = this.#root.querySelector('button');
    const state = this.#controller?.state;
    if (!button || !state) return;
    const isBusy = busy.includes(state);
    // Not disabled while loading: a click then opens the popup as soon as MSAL is ready.
    button.dataset.state = isBusy ? 'busy' : state === 'ready' || state === 'signedIn' ? 'ready' : 'loading';
    button.ariaDisabled = isBusy ? 'true' : null; // ARIA reflection: the aria-disabled attribute
  }

  #emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
  }
}

// auto-select is read once, on connection: it is reflected, not observed.
reflectAttributes(MsSignInButton, [...MsSignInButton.observedAttributes, 'auto-select'], appearanceOf);

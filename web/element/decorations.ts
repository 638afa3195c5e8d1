// What the element draws besides the button, made in the MSAL chunk to keep the loader small (docs/element.md,
// docs/architecture.md): the error state below the button, and the `picture` attribute's photo or initials in the
// logo's box. Attached to an element once, it redraws after each render of the loader (a MutationObserver on the
// shadow root), through the element's public API only (`user`, `picture`, `theme`, `locale`, its events).
// Neither moves anything: the picture takes the logo's box, the error the button's width (`width:0;min-width:100%`).
import type { SignInErrorDetail } from './errors.ts';
import { pictureMarkup } from './picture.ts';
import type { PopupRun } from './popup-flow.ts';

/** The element as decorations.ts sees it: its public properties (ms-signin-button.ts). */
export type Decorated = HTMLElement & {
  readonly user: { id: string; name: string; email: string } | null;
  readonly picture: boolean;
  readonly theme: string;
  readonly locale: string;
};

/** The button's MSAL client (loaded on first call: it may reject) and run, for the photo (token-flow.ts). */
type Client = () => Promise<{ photo(run: PopupRun): Promise<string | undefined> }>;

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (character) => escapes[character]!);

// The error in the theme's colours, whatever the page's (#a4262c on white: 6.9:1; white on #2f2f2f), the
// picture round. Constructed like the loader's sheet: a page CSP without 'unsafe-inline' accepts it.
const css =
  '.e{box-sizing:border-box;width:0;min-width:100%;margin:4px 0 0;padding:4px 8px;background:#fff;color:#a4262c;font:13px/1.3 "Segoe UI",system-ui,sans-serif}' +
  '.e.dark{background:#2f2f2f;color:#fff}.a{border-radius:50%}';
let sheet: CSSStyleSheet | undefined;

/** The error each decorated element shows, until the next click or sign-in. */
const shown = new WeakMap<Decorated, { error?: SignInErrorDetail | undefined }>();

/**
 * Shows `error` below `element`'s button (from its `ms-error`), and keeps drawing the error and the picture
 * after each render. The error is named by the button's aria-describedby and announced (`role=alert`); the
 * button's accessible name stays its label. The picture is hidden from assistive technology: the name
 * beside it is read already.
 * @example decorate(button, { code: 'network_error', message: 'Could not reach …' }, load, run) // the controller's
 */
export function decorate(
  element: Decorated,
  error: SignInErrorDetail | undefined,
  client: Client,
  run: PopupRun,
): void {
  const photo = () => client().then((loaded) => loaded.photo(run));
  const root = element.shadowRoot!;
  let state = shown.get(element);
  if (!state) {
    shown.set(element, (state = {}));
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    const forget = () => {
      state!.error = undefined; // a new attempt, or success: the last failure's reason goes
      draw(element, state!, photo);
    };
    element.addEventListener('click', forget);
    element.addEventListener('ms-signin', forget);
    // Only the root's own children: what `draw` adds below does not wake it up again.
    new MutationObserver(() => draw(element, state!, photo)).observe(root, { childList: true });
  }
  if (error) state.error = error;
  draw(element, state, photo);
}

function draw(
  element: Decorated,
  state: { error?: SignInErrorDetail | undefined },
  photo: () => Promise<string | undefined>,
): void {
  const root = element.shadowRoot!;
  const { error } = state;
  const button = root.querySelector('button');
  const drawn = root.getElementById('e');
  if (drawn && drawn.textContent !== error?.message) {
    drawn.remove();
    button?.removeAttribute('aria-describedby');
  }
  if (error && button && !root.getElementById('e')) {
    button.setAttribute('aria-describedby', 'e');
    root.firstElementChild!.insertAdjacentHTML(
      'afterend',
      `<p class="e ${escape(element.theme)}" id="e" part="error" role="alert" lang="${escape(element.locale)}">${escape(error.message)}</p>`,
    );
  }
  const user = element.user;
  const logo = root.querySelector('[part=logo]');
  if (user && element.picture && logo) {
    const name = user.name || user.email;
    logo.outerHTML = pictureMarkup(user.id, name, undefined); // the initials until the photo comes
    photo().then(
      (url) => {
        // Still this person's picture: the element may have re-rendered, or someone else signed in, meanwhile.
        const initials = [...root.querySelectorAll<HTMLElement>('[part=picture]')].find(
          (candidate) => candidate.dataset.id === user.id,
        );
        if (url && initials) initials.outerHTML = pictureMarkup(user.id, name, url);
      },
      () => undefined, // MSAL did not load: the initials stay
    );
  }
}

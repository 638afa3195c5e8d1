// The provider's HTML pages (account picker, error, signed out) and the security headers they are served with.
import { randomBytes } from 'node:crypto';
import { html, raw } from 'hono/html';
import { errorDescription, type EntraError, type ErrorTrace } from './oauth-error.ts';
import type { AccountKind, DevUser } from './users.ts';

export interface Page {
  body: string;
  headers: Record<string, string>;
}

export interface PickerPageInput {
  users: DevUser[];
  /** The validated authorize parameters, posted back in hidden fields. */
  hiddenFields: [string, string][];
  /** The validated loopback redirect URI, shown to the person and allowed as a form target. */
  redirectUri: string;
}

/** "Pick an account": one submit button per test user, posting `oid` back to the authorize endpoint. */
export async function renderPickerPage(input: PickerPageInput): Promise<Page> {
  const target = new URL(input.redirectUri);
  // action="authorize" is relative: it posts to this same endpoint without the query string, wherever the
  // provider is mounted.
  const content = html`
    <h1>Pick an account</h1>
    <p class="note">Development sign-in — no Microsoft account is used.</p>
    <p class="target">to continue to <strong>${target.host}</strong></p>
    <form method="post" action="authorize">
      ${input.hiddenFields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
      <ul class="accounts">
        ${input.users.map((user) => accountButton(user))}
      </ul>
      <button type="submit" name="cancel" value="1" class="cancel">Cancel</button>
    </form>`;
  return render('Pick an account', content, formActionFor(target));
}

/**
 * Entra's error page ("Sorry, but we're having trouble signing you in.") for a request that cannot be answered
 * with a redirect: the AADSTS line, then Trace ID, Correlation ID and Timestamp. It never returns to the app.
 */
export async function renderErrorPage(failure: EntraError, trace: ErrorTrace): Promise<Page> {
  const [first, ...details] = errorDescription(failure, trace).split('\r\n');
  const content = html`
    <h1>Sign in</h1>
    <p>Sorry, but we’re having trouble signing you in.</p>
    <p class="error">${first}</p>
    <h2>Troubleshooting details</h2>
    <ul class="details">
      ${details.map((line) => html`<li>${line}</li>`)}
    </ul>`;
  return render('Sign in', content, "'none'");
}

/** What `error_uri` points at (Entra's `/error?code=n`): the code, and where Microsoft explains it. */
export async function renderErrorCodePage(code: string): Promise<Page> {
  const content = html`
    <h1>AADSTS${code}</h1>
    <p>
      Microsoft explains each code in “Microsoft Entra authentication and authorization error codes”:
      learn.microsoft.com/entra/identity-platform/reference-error-codes
    </p>`;
  return render(`AADSTS${code}`, content, "'none'");
}

export async function renderSignedOutPage(): Promise<Page> {
  const content = html`
    <h1>Signed out</h1>
    <p class="note">You have signed out of the development identity provider. You can close this window.</p>`;
  return render('Signed out', content, "'none'");
}

function accountButton(user: DevUser) {
  const roles =
    user.roles.length === 0
      ? html`No roles`
      : html`${user.roles.length === 1 ? 'Role' : 'Roles'}: ${user.roles.map((role) => html`<span class="role">${role}</span> `)}`;
  return html`<li>
          <button type="submit" name="oid" value="${user.oid}" class="account">
            <span class="avatar" aria-hidden="true">${initials(user.name)}</span>
            <span class="who">
              <span class="name">${user.name}</span>
              <span class="email">${user.email}</span>
              <span class="kind">${accountKindLabels[user.kind]}</span>
              <span class="roles">${roles}</span>
            </span>
          </button>
        </li>`;
}

// Microsoft's branding guide asks for "work or school account" and "personal account" in front of people.
const accountKindLabels: Record<AccountKind, string> = {
  workforce: 'Work or school account',
  'external-id': 'Customer account (External ID)',
  personal: 'Personal Microsoft account',
};

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  const letters = [words[0], words.length > 1 ? words.at(-1) : undefined].map(
    (word) => Array.from(word ?? '')[0] ?? '',
  );
  return letters.join('').toUpperCase();
}

/**
 * Browsers check form-action against the redirect that follows a form submission too, so the redirect
 * URI's origin must be allowed. CSP host sources cannot express an IPv6 literal: [::1] gets its scheme.
 */
function formActionFor(target: URL): string {
  const destination = target.hostname.startsWith('[') ? target.protocol : target.origin;
  return `'self' ${destination}`;
}

async function render(title: string, content: unknown, formAction: string): Promise<Page> {
  const nonce = randomBytes(16).toString('base64');
  const body = await html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <title>${title} · Development sign-in</title>
    <style nonce="${nonce}">${raw(styles)}</style>
  </head>
  <body>
    <main class="card">
      <p class="brand">Development identity provider</p>
      ${content}
    </main>
  </body>
</html>
`;
  return {
    body: String(body),
    headers: {
      // No scripts at all; frame-ancestors stops the picker from being framed and clicked through.
      'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      // Deliberately no Cross-Origin-Opener-Policy: it would sever the popup from the page that opened it.
    },
  };
}

const styles = `
:root {
  color-scheme: light dark;
  --bg: #f3f4f6; --card: #ffffff; --text: #1b1b1b; --muted: #5b5f66; --border: #d0d4d9;
  --hover: #eef3fa; --accent: #0f6cbd; --badge-bg: #e3eefa; --badge-text: #0f548c;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #18181b; --card: #242428; --text: #f2f2f3; --muted: #b4b4bb; --border: #3f3f46;
    --hover: #2e2e35; --accent: #6cb4f7; --badge-bg: #1e3a5a; --badge-text: #d2e6fb;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 1.5rem;
  background: var(--bg); color: var(--text);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
}
.card {
  width: 100%; max-width: 26rem; padding: 1.75rem; background: var(--card);
  border: 1px solid var(--border); border-radius: 12px; box-shadow: 0 2px 12px rgb(0 0 0 / 0.08);
}
.brand { margin: 0 0 1rem; font-size: 0.75rem; letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted); }
h1 { margin: 0 0 0.25rem; font-size: 1.5rem; font-weight: 600; }
p { overflow-wrap: anywhere; }
.note, .target { margin: 0 0 0.25rem; color: var(--muted); }
.target { margin-bottom: 1.25rem; }
.accounts { list-style: none; margin: 0 0 1rem; padding: 0; display: grid; gap: 0.5rem; }
.account {
  width: 100%; display: flex; align-items: center; gap: 0.75rem; padding: 0.75rem; text-align: left;
  font: inherit; color: inherit; background: transparent; border: 1px solid var(--border); border-radius: 8px;
  cursor: pointer;
}
.account:hover { background: var(--hover); border-color: var(--accent); }
button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.avatar {
  flex: none; width: 2.5rem; height: 2.5rem; border-radius: 50%; display: grid; place-items: center;
  background: var(--badge-bg); color: var(--badge-text); font-weight: 600;
}
.who { display: grid; min-width: 0; }
.name { font-weight: 600; overflow-wrap: anywhere; }
h2 { margin: 1rem 0 0.25rem; font-size: 1rem; font-weight: 600; }
.details { margin: 0; padding-left: 1.25rem; color: var(--muted); font-size: 0.875rem; }
.error { font-weight: 600; }
.email, .roles, .kind { color: var(--muted); font-size: 0.875rem; overflow-wrap: anywhere; }
.role {
  display: inline-block; margin-right: 0.25rem; padding: 0 0.4rem; border-radius: 4px;
  background: var(--badge-bg); color: var(--badge-text); font-size: 0.8rem; font-weight: 600;
}
.cancel {
  font: inherit; color: var(--accent); background: none; border: 0; padding: 0.25rem 0; cursor: pointer;
  text-decoration: underline;
}
code { font-family: ui-monospace, "Cascadia Code", Menlo, Consolas, monospace; }
`;

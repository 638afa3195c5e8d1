// The demo page's DOM: which view shows, the user panel, the sign-out button's state and the message line.
import type { User } from '../api.ts';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

/** The page's <ms-signin-button>; demo/main.ts defines the element. */
export const signInButton = byId<HTMLElementTagNameMap['ms-signin-button']>('signin');
export const signOutButton = byId<HTMLButtonElement>('signout');
const signedOutView = byId('signed-out');
const signedInView = byId('signed-in');
const avatar = byId('user-avatar');
const userName = byId('user-name');
const userEmail = byId('user-email');
const userRoles = byId('user-roles');
const noRoles = byId('no-roles');
const message = byId('message');

/** `aria-disabled` rather than `disabled`: a disabled button drops keyboard focus. */
export function setSignOutBusy(busy: boolean): void {
  signOutButton.setAttribute('aria-disabled', String(busy));
  if (busy) signOutButton.setAttribute('aria-busy', 'true');
  else signOutButton.removeAttribute('aria-busy');
}

/**
 * Which accounts can sign in, from the tenant of the server's authority (GET /auth/config): personal Microsoft
 * accounts only with `consumers` or `common`, never promised to a work tenant.
 */
export function showAccountKinds(authority: string): void {
  const tenant = new URL(authority).pathname.split('/')[1]?.toLowerCase();
  const kinds: Record<string, string> = {
    consumers: 'your personal Microsoft account (Outlook.com, Hotmail, Xbox)',
    common: 'your work or school account, or your personal Microsoft account',
  };
  byId('account-kinds').textContent = (tenant && kinds[tenant]) || 'your work or school account';
}

export function showMessage(text: string, kind: 'info' | 'error' = 'info'): void {
  message.dataset.kind = kind;
  message.textContent = text;
}

/** Two initials from the name (or e-mail), for the avatar. */
function initialsOf(user: User): string {
  const words = (user.name || user.email || '?')
    .trim()
    .split(/[\s@._-]+/)
    .filter(Boolean);
  const first = [...(words[0] ?? '?')][0] ?? '?';
  const last = words.length > 1 ? ([...(words.at(-1) ?? '')][0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** Shows the signed-in panel; the focus follows from the sign-in button, for keyboard and screen-reader users. */
export function showSignedIn(user: User): void {
  avatar.textContent = initialsOf(user);
  userName.textContent = user.name || user.email;
  userEmail.textContent = user.email;
  const roles = Array.isArray(user.roles) ? user.roles : [];
  userRoles.replaceChildren(
    ...roles.map((role) => Object.assign(document.createElement('li'), { className: 'chip', textContent: role })),
  );
  noRoles.hidden = roles.length > 0;
  // Focus on the sign-in button (it is about to be hidden) follows to the panel; a restored session leaves it be.
  const focus = signedOutView.contains(document.activeElement);
  signedOutView.hidden = true;
  signedInView.hidden = false;
  setSignOutBusy(false);
  if (focus) userName.focus();
}

/** Shows the sign-in button; `focus` moves there (after a sign-out or an expired session). */
export function showSignedOut(focus: boolean): void {
  signedInView.hidden = true;
  signedOutView.hidden = false;
  if (focus) signInButton.focus(); // delegatesFocus: its inner <button> takes it
}

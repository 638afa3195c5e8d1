// The demo page's DOM: which view shows, the user panel, the buttons' states and the message line.
import type { User } from '../api.ts';
import { microsoftLogoSvg } from '../microsoft-logo.ts';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

export const signInButton = byId<HTMLButtonElement>('signin');
export const signOutButton = byId<HTMLButtonElement>('signout');
const signedOutView = byId('signed-out');
const signedInView = byId('signed-in');
const avatar = byId('user-avatar');
const userName = byId('user-name');
const userEmail = byId('user-email');
const userRoles = byId('user-roles');
const noRoles = byId('no-roles');
const message = byId('message');

byId('ms-logo').innerHTML = microsoftLogoSvg;

function setBusy(button: HTMLButtonElement, busy: boolean): void {
  if (busy) button.setAttribute('aria-busy', 'true');
  else button.removeAttribute('aria-busy');
}

/**
 * `aria-disabled` rather than `disabled`: a disabled button drops keyboard focus, and the button
 * is only briefly unavailable after each attempt while a fresh nonce arrives.
 */
export function setSignInState(state: 'loading' | 'ready' | 'busy'): void {
  signInButton.dataset.state = state;
  signInButton.setAttribute('aria-disabled', String(state !== 'ready'));
  setBusy(signInButton, state === 'busy');
}

export function setSignOutBusy(busy: boolean): void {
  signOutButton.setAttribute('aria-disabled', String(busy));
  setBusy(signOutButton, busy);
}

export function showMessage(text: string, kind: 'info' | 'error' = 'info'): void {
  message.dataset.kind = kind;
  message.textContent = text;
}

/** Two initials from the name (or e-mail), for the avatar. */
function initialsOf(user: User): string {
  const words = (user.name || user.email || '?').trim().split(/[\s@._-]+/).filter(Boolean);
  const first = [...(words[0] ?? '?')][0] ?? '?';
  const last = words.length > 1 ? ([...(words.at(-1) ?? '')][0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** Shows the signed-in panel; `focus` after a click, so keyboard and screen-reader users follow. */
export function showSignedIn(user: User, focus: boolean): void {
  avatar.textContent = initialsOf(user);
  userName.textContent = user.name || user.email;
  userEmail.textContent = user.email;
  const roles = Array.isArray(user.roles) ? user.roles : [];
  userRoles.replaceChildren(
    ...roles.map((role) => Object.assign(document.createElement('li'), { className: 'chip', textContent: role })),
  );
  noRoles.hidden = roles.length > 0;
  signedOutView.hidden = true;
  signedInView.hidden = false;
  setSignOutBusy(false);
  if (focus) userName.focus();
}

export function showSignedOut(focus: boolean): void {
  signedInView.hidden = true;
  signedOutView.hidden = false;
  if (focus) signInButton.focus();
}

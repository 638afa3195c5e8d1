// Demo page logic: the product's own <ms-signin-button> signs people in and out; this page listens to its
// events and shows who is signed in, their tasks, and what happened in the message line.
import { createApi, type User } from '../api.ts';
import { defineSignInButton } from '../element/define.ts';
import { createTasksPanel } from './tasks.ts';
import * as view from './view.ts';

const api = createApi();
const tasks = createTasksPanel(api, { say: view.showMessage, onSessionExpired: () => void sessionExpired() });
const button = view.signInButton;
const darkScheme = matchMedia('(prefers-color-scheme: dark)');

let signedIn = false;
let signingIn = false; // a click started a sign-in: its success is announced, a restored session's is not

function showUser(user: User): void {
  signedIn = true;
  view.showSignedIn(user);
  if (signingIn) view.showMessage(`Signed in as ${user.name || user.email}.`);
  signingIn = false;
  void tasks.show(user);
}

// An API call answered 401: the session cookie expired (or the server's key changed). Back to signed out.
async function sessionExpired(): Promise<void> {
  if (!signedIn) return;
  signedIn = false; // so ms-signout, which follows, says nothing of its own
  // Clears what is left of the session and turns the element back into its sign-in button.
  await button.signOut().catch(() => undefined); // a failure is reported through ms-error
  view.showSignedOut(true);
  view.showMessage('Your session has expired. Please sign in again.', 'error');
}

async function signOut(): Promise<void> {
  if (view.signOutButton.getAttribute('aria-disabled') === 'true') return;
  view.setSignOutBusy(true);
  await button.signOut().catch(() => undefined); // ms-signout shows the signed-out page, ms-error the failure
  view.setSignOutBusy(false);
}

// The element is hidden while someone is signed in, so a click on it is always a sign-in. Capture: this runs
// before the element's own listener, whose ms-error (a blocked popup) must not be overwritten by this message.
button.addEventListener(
  'click',
  () => {
    if (signedIn) return;
    signingIn = true;
    view.showMessage('Continue in the Microsoft window.');
  },
  { capture: true },
);
button.addEventListener('ms-signin', (event) => showUser(event.detail));
button.addEventListener('ms-signout', () => {
  if (!signedIn) return;
  signedIn = false;
  tasks.hide();
  view.showSignedOut(true);
  view.showMessage('You are signed out.');
});
button.addEventListener('ms-error', (event) => view.showMessage(event.detail.message, 'error'));
view.signOutButton.addEventListener('click', () => void signOut());

// The element has a light and a dark theme but does not follow the system's: the page picks for it. The
// attribute, not the `theme` property: before the element is defined, that would only be a plain property.
const syncTheme = () => button.setAttribute('theme', darkScheme.matches ? 'dark' : 'light');
darkScheme.addEventListener('change', syncTheme);
syncTheme();
void api.config().then(
  ({ authority }) => view.showAccountKinds(authority),
  () => undefined, // the element reports an unreachable server itself
);
// Last: the element renders and checks the session as soon as it is defined, with the listeners above in place.
defineSignInButton();

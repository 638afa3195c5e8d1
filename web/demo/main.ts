// Demo page logic: readies MSAL and a nonce before the button is enabled, runs the popup sign-in,
// posts the ID token to the server and shows who is signed in.
import { createApi, type User } from '../api.ts';
import { createSignInClient, type SignInClient } from '../msal.ts';
import { cancelled, describeError } from './messages.ts';
import { createTasksPanel } from './tasks.ts';
import * as view from './view.ts';

const api = createApi();
const tasks = createTasksPanel(api, { say: view.showMessage, onSessionExpired: sessionExpired });
const nonceMaxAge = 5 * 60_000; // ms: half the life of the server's nonce cookie (10 minutes)
const housekeepingInterval = 30_000; // ms
const closedPopupGrace = 1_500; // ms: a popup that closed itself after success still delivers its token

let client: SignInClient | undefined;
let preparing = false;
let nonce: { value: string; fetchedAt: number } | undefined;
let nonceRequest: Promise<void> | undefined;
let signedIn = false;
let signingOut = false;
let latestAttempt = 0;
let waitingFor: number | undefined; // the sign-in attempt the page shows as running

function updateSignInButton(): void {
  view.setSignInState(waitingFor !== undefined ? 'busy' : client && nonce ? 'ready' : 'loading');
}

function refreshNonce(): Promise<void> {
  nonceRequest ??= api
    .getNonce()
    .then((value) => void (nonce = { value, fetchedAt: Date.now() }))
    .catch((error: unknown) => {
      nonce = undefined;
      view.showMessage(describeError(error), 'error');
    })
    .finally(() => {
      nonceRequest = undefined;
      updateSignInButton();
    });
  return nonceRequest;
}

function showUser(user: User, focus: boolean): void {
  signedIn = true;
  view.showSignedIn(user, focus);
  void tasks.show(user);
}

// An API call answered 401: the session cookie expired (or the server's key changed). Back to signed out.
function sessionExpired(): void {
  if (!signedIn) return;
  signedIn = false;
  view.showSignedOut(true);
  view.showMessage('Your session has expired. Please sign in again.', 'error');
  void refreshNonce();
}

// Synchronous up to `client.signIn`: any await before it would cost the click's user activation,
// and the browser would block the popup.
function startSignIn(): void {
  if (waitingFor !== undefined || signingOut || signedIn || !client || !nonce) return;
  const attempt = ++latestAttempt;
  waitingFor = attempt;
  updateSignInButton();
  view.showMessage('Continue in the Microsoft window.');
  const idToken = client.signIn(nonce.value, () => {
    window.setTimeout(() => {
      if (waitingFor !== attempt) return;
      // MSAL's promise stays pending: if the popup only looked closed, its token still counts
      // (finishSignIn), so the nonce is kept for it.
      waitingFor = undefined;
      view.showMessage(cancelled);
      updateSignInButton();
    }, closedPopupGrace);
  });
  void finishSignIn(attempt, idToken);
}

async function finishSignIn(attempt: number, idTokenPromise: Promise<string>): Promise<void> {
  let idToken: string;
  try {
    idToken = await idTokenPromise;
  } catch (error) {
    // Otherwise a later click superseded this attempt, or the page already called it cancelled.
    if (waitingFor === attempt) {
      view.showMessage(describeError(error), 'error');
      await endAttempt();
    }
    return;
  }
  if (attempt !== latestAttempt || signedIn) return;
  waitingFor = attempt;
  updateSignInButton();
  view.showMessage('Checking your sign-in…');
  try {
    const user = await api.signIn(idToken);
    showUser(user, true);
    view.showMessage(`Signed in as ${user.name || user.email}.`);
  } catch (error) {
    view.showMessage(describeError(error), 'error');
  }
  await endAttempt();
}

async function endAttempt(): Promise<void> {
  // A nonce is single-use: whatever happened, the next attempt gets a fresh one.
  nonce = undefined;
  if (!signedIn) await refreshNonce();
  waitingFor = undefined;
  updateSignInButton();
}

async function signOut(): Promise<void> {
  if (signingOut || !signedIn) return;
  signingOut = true;
  view.setSignOutBusy(true);
  try {
    await api.logout();
    // Local only: people stay signed in to Microsoft; our session, which is what counts here, is gone.
    await client?.clearCache().catch(() => undefined);
    signedIn = false;
    tasks.hide();
    view.showSignedOut(true);
    view.showMessage('You are signed out.');
  } catch (error) {
    view.showMessage(describeError(error), 'error');
    view.setSignOutBusy(false);
  } finally {
    signingOut = false;
  }
  if (!signedIn) await refreshNonce();
}

async function prepare(): Promise<void> {
  if (preparing || client) return;
  preparing = true;
  try {
    client = await createSignInClient(await api.getConfig());
    if (!signedIn) await refreshNonce();
  } catch (error) {
    view.showMessage(describeError(error), 'error');
  } finally {
    preparing = false;
    updateSignInButton();
  }
}

async function loadSession(): Promise<void> {
  try {
    const user = await api.getMe();
    if (user) showUser(user, false);
  } catch (error) {
    view.showMessage(describeError(error), 'error');
  }
}

// Retries a failed start-up and keeps the nonce younger than its cookie while nobody is signed in.
function housekeeping(): void {
  if (!client) return void prepare();
  if (signedIn || signingOut || waitingFor !== undefined) return;
  if (!nonce || Date.now() - nonce.fetchedAt > nonceMaxAge) void refreshNonce();
}

view.signInButton.addEventListener('click', startSignIn);
view.signOutButton.addEventListener('click', () => void signOut());
document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && housekeeping());
window.setInterval(housekeeping, housekeepingInterval);
updateSignInButton();
void loadSession();
void prepare();

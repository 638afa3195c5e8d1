// examples/static-site/profile.html as the browser tests drive it: a returning visitor (auto-select), the picture,
// Microsoft Graph through getAccessToken(), and what the page and its console show meanwhile.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The element's sign-in button (its `data-state`: loading, ready, busy). */
export const signInButton = (page: Page) => page.locator('ms-signin-button button.b');

/**
 * Records, for each page of `context`, the states the button shows (`window.buttonStates`), in order, and the
 * hidden iframes MSAL opens (`window.silentFrames`). Each state change is a mutation record: states shown
 * within one task (auto-select readying a fresh nonce right when the button is first ready) are all kept.
 */
export async function recordButtonStates(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const states: string[] = [];
    const page = window as unknown as { buttonStates: string[]; silentFrames: number };
    Object.assign(page, { buttonStates: states, silentFrames: 0 });
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLIFrameElement && node.className === 'msalSilentIframe') page.silentFrames++;
    }).observe(document, { childList: true, subtree: true });
    void customElements.whenDefined('ms-signin-button').then(() => {
      const root = document.querySelector('ms-signin-button')!.shadowRoot!;
      const shown = () => root.querySelector('button')?.dataset.state;
      if (shown()) states.push(shown()!);
      new MutationObserver((records) => {
        const changes = records.filter((record) => record.attributeName === 'data-state');
        // Each record holds the value before it: the next one's (or the current value) is the value after.
        changes.forEach((record, index) => {
          const after = changes[index + 1]?.oldValue ?? shown();
          if (after && after !== states.at(-1)) states.push(after);
        });
      }).observe(root, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-state'] });
    });
  });
}

export const buttonStates = (page: Page) =>
  page.evaluate(() => (window as unknown as { buttonStates: string[] }).buttonStates);
export const silentFrames = (page: Page) =>
  page.evaluate(() => (window as unknown as { silentFrames: number }).silentFrames);

/**
 * Chromium's warning about the sandbox MSAL gives its hidden iframe (`allow-scripts allow-same-origin`, in
 * @azure/msal-browser's SilentHandler.ts), printed for every silent request of any MSAL app: MSAL's to change.
 */
const msalIframeWarning = 'An iframe which has both allow-scripts and allow-same-origin for its sandbox attribute';

/**
 * Console errors and warnings of the page and its frames, and uncaught exceptions; the static site's favicon 404
 * and Chromium's warning about MSAL's iframe sandbox aside.
 */
export function consoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (!['error', 'warning'].includes(message.type()) || text.includes('favicon.ico')) return;
    if (message.type() === 'warning' && text.startsWith(msalIframeWarning)) return;
    problems.push(`${message.type()}: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** What the browser does when the session cookie's Max-Age (SESSION_IDLE_TIMEOUT) runs out: drops it. */
export const expireSessionHere = (context: BrowserContext) => context.clearCookies({ name: 'ms-session' });

/** Signs the browser out of the development provider ("Microsoft"): its session cookie goes. */
export const signOutAtMicrosoft = (context: BrowserContext) => context.clearCookies({ name: 'dev-idp-session' });

/** Opens `url` and waits until the button is ready: restored (signed out), MSAL and a nonce in hand. */
export async function openSignedOut(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await expect.poll(() => signInButton(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  return page;
}

/** Signs in as `name` through the popup, from the open page's button. */
export async function signInThroughPopup(page: Page, name: string): Promise<void> {
  const popupOpened = page.waitForEvent('popup');
  await signInButton(page).click();
  const popup = await popupOpened;
  await popup.getByRole('button', { name: new RegExp(name) }).click();
  await expect.poll(() => page.locator('#status').textContent(), { timeout: 20_000 }).toContain(name);
}

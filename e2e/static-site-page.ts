// examples/static-site as the browser tests drive it: its <ms-signin-button>, the events it fires, the page's
// own call to GET /api/me, and the development provider's popup.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

export type Recorded = { type: string; detail: unknown };

/** A fresh browser profile whose pages record the element's events in `window.recorded`. */
export async function recordingContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const recorded: Recorded[] = [];
    Object.assign(window, { recorded });
    for (const type of ['ms-signin', 'ms-signout', 'ms-error']) {
      document.addEventListener(type, (event) => recorded.push({ type, detail: (event as CustomEvent).detail }));
    }
  });
  return context;
}

export const recorded = (page: Page) => page.evaluate(() => (window as unknown as { recorded: Recorded[] }).recorded);

/** The `ms-error` details the page has seen. */
export const errors = async (page: Page) =>
  (await recorded(page)).filter((event) => event.type === 'ms-error').map((event) => event.detail);

const signInButton = (page: Page) => page.locator('ms-signin-button button.b');

/** Opens `url` and waits until a click opens the popup at once (MSAL and a nonce ready). */
export async function openReady(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await expect.poll(() => signInButton(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  return page;
}

/** Clicks the button and returns the popup once it shows the development provider's page for `redirect_uri`. */
export async function openPopup(page: Page): Promise<Page> {
  const popupOpened = page.waitForEvent('popup');
  await signInButton(page).click();
  const popup = await popupOpened;
  await popup.waitForURL(/redirect_uri=/); // the popup opens blank, then navigates
  await popup.waitForLoadState();
  return popup;
}

/** Picks the test user named `name` (users.json) in the account picker. */
export async function pickAccount(popup: Page, name: string): Promise<void> {
  const literal = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await popup.getByRole('button', { name: new RegExp(literal) }).click();
}

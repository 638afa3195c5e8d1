// The demo page's sign-in, as the browser tests drive it: its <ms-signin-button> and the account picker.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The element's own button (Playwright's locators pierce its open shadow root). */
export const signInButton = (page: Page) =>
  page.locator('ms-signin-button').getByRole('button', { name: /Sign in with Microsoft/ });

/** The sign-in button, once MSAL and a nonce are ready (a click then opens the popup at once). */
export async function readySignInButton(page: Page) {
  const signIn = signInButton(page);
  await expect.poll(() => signIn.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  return signIn;
}

/** Signs in on the open demo page by picking `name` in the development provider's popup. */
export async function signInAs(page: Page, name: string) {
  const signIn = await readySignInButton(page);
  const popupOpened = page.waitForEvent('popup');
  await signIn.click();
  await (await popupOpened).getByRole('button', { name: new RegExp(name) }).click();
  await expect.poll(() => page.getByTestId('user-name').textContent(), { timeout: 20_000 }).toBe(name);
}

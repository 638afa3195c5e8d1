// Real Chromium: when a sign-in cannot start or finish, the element says why where a person looks, below the
// button, accessibly, and names the cross-site causes a new user meets (docs/troubleshooting.md): a page whose
// origin is not in ALLOWED_ORIGINS, and a page on another site than the server (127.0.0.1 against localhost).
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startExampleSite } from '../server/example-site.ts';
import { testUser } from '../test/support/test-users.ts';
import { signInButton } from './identity-page.ts';
import { errors, openPopup, pickAccount, recordingContext, startStaticSiteStack } from './static-site-page.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const adele = testUser('Adele Vance');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const errorState = (page: Page) => page.locator('ms-signin-button [part=error]');

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run(),
  );
  return result.violations.map((violation) => violation.id);
}

/** The error state: shown, announced, describing the button, whose accessible name stays its label. */
async function expectErrorState(page: Page, message: RegExp) {
  await expect.poll(() => errorState(page).textContent(), { timeout: 20_000 }).toMatch(message);
  expect(await errorState(page).getAttribute('role')).toBe('alert');
  const button = page.getByRole('button', { name: 'Sign in with Microsoft', exact: true });
  expect(await button.count()).toBe(1);
  const described = await button.getAttribute('aria-describedby');
  expect(await errorState(page).getAttribute('id')).toBe(described);
  expect(await errorState(page).isVisible()).toBe(true);
  // It takes the button's width, below it, in the theme's colours.
  const [box, area] = [await errorState(page).boundingBox(), await button.boundingBox()];
  expect(box!.width).toBe(area!.width);
  expect(box!.y).toBeGreaterThanOrEqual(area!.y + area!.height);
  expect(await axeViolations(page)).toEqual([]);
}

describe('<ms-signin-button> error state', () => {
  it('a page whose origin is not in ALLOWED_ORIGINS: the reason below the button, not only in the console', async () => {
    const stack = await startStaticSiteStack({ ALLOWED_ORIGINS: 'https://www.example.com' });
    cleanups.push(() => stack.close());
    const context = await recordingContext(stack.browser);
    const page = await context.newPage();
    await page.goto(stack.site.url);
    await expectErrorState(page, new RegExp(`${stack.site.url} in its ALLOWED_ORIGINS`));
    expect(await errors(page)).toContainEqual({ code: 'network_error', message: await errorState(page).textContent() });
  });

  it('a page on 127.0.0.1 against a server on localhost: the popup succeeds, the message names the two sites', async () => {
    // The site first: the auth server allows its origin and registers its page, as for a deployment.
    let auth = '';
    const site = await startExampleSite({ host: '127.0.0.1', port: 0, authOrigin: () => auth });
    cleanups.push(() => site.close());
    const page127 = site.url.replace('//localhost:', '//127.0.0.1:'); // urlOf names a loopback server localhost
    const stack = await startStaticSiteStack({ ALLOWED_ORIGINS: page127 });
    cleanups.push(() => stack.close());
    auth = stack.server.url;
    const context = await recordingContext(stack.browser);
    const page = await context.newPage();
    await page.goto(page127);
    await expect.poll(() => signInButton(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    const popup = await openPopup(page);
    await pickAccount(popup, adele.name);
    await expectErrorState(
      page,
      new RegExp(`This page \\(${page127}\\) and the sign-in server \\(${auth}\\) are on different sites`),
    );
    expect((await errors(page)).map((detail) => (detail as { code: string }).code)).toEqual(['nonce_missing']);

    // A new attempt clears it; a dark button shows it in its own colours.
    const again = page.waitForEvent('popup');
    await signInButton(page).click();
    await expect.poll(() => errorState(page).count()).toBe(0);
    await (await again).close();
    await page.evaluate(() => document.querySelector('ms-signin-button')!.setAttribute('theme', 'dark'));
    await expect.poll(() => errorState(page).count(), { timeout: 20_000 }).toBe(1);
    expect(await errorState(page).evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
      'rgb(47, 47, 47)',
    );
    expect(await axeViolations(page)).toEqual([]);
  });
});

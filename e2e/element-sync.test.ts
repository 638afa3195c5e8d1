// Real Chromium: the buttons of a page and the site's other tabs show one session (docs/architecture.md, "Shared
// session"), and a signed-out page load checks the session without an error in the console (GET /auth/session).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../server/dev-server.ts';
import { type ExampleSite, startExampleSite } from '../server/example-site.ts';
import { testUser } from '../test/support/test-users.ts';
import { launchChromium } from './browser.ts';

const adele = testUser('Adele Vance');
let browser: Browser;
let server: DevServer;
let site: ExampleSite;

beforeAll(async () => {
  browser = await launchChromium();
  // examples/static-site on its own origin, the auth server on another port, as in e2e/drop-in.test.ts.
  site = await startExampleSite({ port: 0, authOrigin: () => server.url });
  const database = join(mkdtempSync(join(tmpdir(), 'element-sync-')), 'app.db');
  server = await startDevServer({ PORT: '0', ALLOWED_ORIGINS: site.url, DATABASE_PATH: database });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
});

const buttons = (page: Page) => page.locator('ms-signin-button');
/** What a button shows: the signed-in name, or "signed out" for the sign-in button. */
const shown = (element: Locator) =>
  element.evaluate((button: HTMLElementTagNameMap['ms-signin-button']) => {
    const signedIn = button.shadowRoot!.querySelector<HTMLElement>('[part=signed-in] [title]');
    return signedIn ? signedIn.title : button.shadowRoot!.querySelector('[part=button]') && 'signed out';
  });
const everyButton = async (page: Page) => Promise.all((await buttons(page).all()).map(shown));

/** The example page with a second button of the same auth server, every button ready to sign in. */
async function openTwoButtons(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(site.url);
  await page.evaluate(() => {
    const first = document.querySelector('ms-signin-button')!;
    const second = document.createElement('ms-signin-button');
    second.setAttribute('login-uri', first.getAttribute('login-uri')!);
    document.querySelector('main')!.append(second);
  });
  for (const button of await buttons(page).locator('button.b').all())
    await expect.poll(() => button.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  return page;
}

describe('<ms-signin-button>: one session for the page and the site', () => {
  it('signs in with one button and the other shows it, signs out with the other and both are signed out', async () => {
    const context = await browser.newContext();
    const page = await openTwoButtons(context);
    expect(await everyButton(page)).toEqual(['signed out', 'signed out']);

    const popupOpened = page.waitForEvent('popup');
    await buttons(page).first().locator('button.b').click();
    await (await popupOpened).getByRole('button', { name: new RegExp(adele.name) }).click();
    await expect.poll(() => everyButton(page), { timeout: 20_000 }).toEqual([adele.name, adele.name]);

    await buttons(page).nth(1).getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => everyButton(page), { timeout: 20_000 }).toEqual(['signed out', 'signed out']);
    await context.close();
  });

  it("has the site's other tab follow a sign-in and a sign-out, without a reload", async () => {
    const context = await browser.newContext();
    const here = await openTwoButtons(context);
    const there = await openTwoButtons(context);
    let reloads = 0;
    there.on('framenavigated', (frame) => void (frame === there.mainFrame() && reloads++));

    const popupOpened = here.waitForEvent('popup');
    await buttons(here).first().locator('button.b').click();
    await (await popupOpened).getByRole('button', { name: new RegExp(adele.name) }).click();
    await expect.poll(() => everyButton(here), { timeout: 20_000 }).toEqual([adele.name, adele.name]);
    await expect.poll(() => everyButton(there), { timeout: 5_000 }).toEqual([adele.name, adele.name]);

    await buttons(there).first().getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => everyButton(there), { timeout: 20_000 }).toEqual(['signed out', 'signed out']);
    await expect.poll(() => everyButton(here), { timeout: 5_000 }).toEqual(['signed out', 'signed out']);
    expect(reloads).toBe(0);
    await context.close();
  });

  it('checks the session of a signed-out page load with no console error and no 4xx response', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    const refused: string[] = [];
    const sessionChecks: { status: number; body: string }[] = [];
    page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    page.on('response', async (response) => {
      const { pathname } = new URL(response.url());
      // A 404 for /favicon.ico is the static site's, not ours (docs/msal.md, "Testing the popup in Chromium").
      if (response.status() >= 400 && pathname !== '/favicon.ico') refused.push(`${response.status()} ${pathname}`);
      if (pathname === '/auth/session') sessionChecks.push({ status: response.status(), body: await response.text() });
    });
    await page.goto(site.url);
    // Ready: the session check answered "nobody", MSAL is loaded and a nonce is in hand.
    await expect
      .poll(() => buttons(page).locator('button.b').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('ready');
    expect(refused).toEqual([]);
    expect(errors.filter((text) => !text.includes('favicon.ico'))).toEqual([]);
    expect(sessionChecks).toEqual([{ status: 200, body: 'null' }]);
    await context.close();
  });
});

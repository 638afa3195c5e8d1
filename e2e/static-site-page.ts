// examples/static-site as the browser tests drive it: its <ms-signin-button>, the events it fires, the page's
// own call to GET /api/me, and the development provider's popup.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { type DevServer, startDevServer } from '../server/dev-server.ts';
import { type ExampleSite, startExampleSite } from '../server/example-site.ts';
import { launchChromium } from './browser.ts';

export type Recorded = { type: string; detail: unknown };

/**
 * Chromium, the development server (its database in a fresh temporary folder, `env` on top) and
 * examples/static-site on another origin, allowed by the server: what a visitor of a static site meets.
 */
export async function startStaticSiteStack(env: Record<string, string> = {}) {
  const browser = await launchChromium();
  let server: DevServer | undefined;
  const site: ExampleSite = await startExampleSite({ port: 0, authOrigin: () => server!.url });
  server = await startDevServer({
    PORT: '0',
    ALLOWED_ORIGINS: site.url,
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'static-site-')), 'app.db'),
    ...env,
  });
  const started = server;
  return {
    browser,
    server: started,
    site,
    async close() {
      await started.close();
      await site.close();
      await browser.close();
    },
  };
}

export type StaticSiteStack = Awaited<ReturnType<typeof startStaticSiteStack>>;

/**
 * {@link startStaticSiteStack} for the test file that calls this: started before its tests, closed after them.
 * Read its parts inside the tests (`stack.browser`, `stack.site.url`), once it has started.
 */
export function useStaticSiteStack(env: Record<string, string> = {}): StaticSiteStack {
  const stack = {} as StaticSiteStack;
  beforeAll(async () => {
    Object.assign(stack, await startStaticSiteStack(env));
  });
  afterAll(() => stack.close?.());
  return stack;
}

/** A fresh browser profile whose pages record the element's events in `window.recorded`; `init` runs first too. */
export async function recordingContext(browser: Browser, init?: () => void): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const recorded: Recorded[] = [];
    Object.assign(window, { recorded });
    for (const type of ['ms-signin', 'ms-signout', 'ms-error']) {
      document.addEventListener(type, (event) => recorded.push({ type, detail: (event as CustomEvent).detail }));
    }
  });
  if (init) await context.addInitScript(init);
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

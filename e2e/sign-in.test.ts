import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../server/dev-server.ts';
import users from '../server/dev-idp/users.json' with { type: 'json' };
import { tempDatabasePath } from '../test/support/test-app.ts';
import { launchChromium } from './browser.ts';
import { readySignInButton, signInAs, signInButton } from './demo-page.ts';

// The demo as a person uses it: npm run dev's server, real Chromium, the popup, the account picker.
let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDevServer({ PORT: '0', DATABASE_PATH: tempDatabasePath() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the demo page', () => {
  it('signs in through the popup, stays signed in after a reload, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    const [ordinary] = users.users;

    await signInAs(page, ordinary!.name);
    expect(await page.getByTestId('user-email').textContent()).toBe(ordinary!.email);
    expect(await page.getByTestId('message').textContent()).toBe(`Signed in as ${ordinary!.name}.`);
    const session = (await context.cookies()).find((cookie) => cookie.name === 'ms-session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const copied = `ms-session=${session!.value}`; // as a thief with access to the machine would

    await page.reload();
    await expect.poll(() => page.getByTestId('user-name').textContent(), { timeout: 20_000 }).toBe(ordinary!.name);

    await page.locator('#signout').click();
    await expect.poll(() => signInButton(page).isVisible()).toBe(true);
    expect(await page.getByTestId('message').textContent()).toBe('You are signed out.');
    expect((await context.cookies()).some((cookie) => cookie.name === 'ms-session')).toBe(false);
    // Sign-out ended the session on the server: the copy taken before is refused.
    const replayed = await fetch(`${server.url}/api/me`, { headers: { Cookie: copied } });
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ error: 'session_revoked' });
    await page.reload();
    await expect.poll(() => signInButton(page).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByTestId('user-name').isVisible()).toBe(false);
    await context.close();
  });

  it('promises the accounts the tenant takes (work or school here, never personal), and has its icon', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(server.url);
    await readySignInButton(page);
    expect(await page.locator('.lead').textContent()).toMatch(/^\s*Use your work or school account\./);
    expect(await page.locator('.lead').textContent()).not.toMatch(/personal/);
    expect(await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href)).toMatch(
      /\/favicon\.svg$/,
    );
    expect((await fetch(`${server.url}/favicon.svg`)).status).toBe(200);
    expect(failed).toEqual([]);
    await context.close();
  });

  it('signs in from the earlier of two open tabs (one nonce per tab)', async () => {
    const context = await browser.newContext();
    const first = await context.newPage();
    await first.goto(server.url);
    await readySignInButton(first);
    const second = await context.newPage();
    await second.goto(server.url);
    await readySignInButton(second); // its own nonce prepared after the first tab's
    await first.bringToFront();
    const [ordinary] = users.users;
    await signInAs(first, ordinary!.name);
    expect(await first.getByTestId('message').textContent()).toBe(`Signed in as ${ordinary!.name}.`);
    await context.close();
  });

  it('shows the roles of an admin and lets a second account sign in after sign-out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    const admin = users.users.find((user) => (user.roles as string[]).includes('Admin'))!;
    await signInAs(page, admin.name);
    expect(await page.getByTestId('user-roles').textContent()).toContain('Admin');
    await context.close();
  });

  it('says so when the person closes the popup, and the button works again', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    const signIn = await readySignInButton(page);
    const popupOpened = page.waitForEvent('popup');
    await signIn.click();
    await (await popupOpened).close();
    await expect
      .poll(() => page.getByTestId('message').textContent(), { timeout: 10_000 })
      .toMatch(/closed before the sign-in finished/);
    await signInAs(page, users.users[0]!.name);
    await context.close();
  });

  it('says the popup was blocked when the browser refuses to open it', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      window.open = () => null; // what a popup blocker does
    });
    const page = await context.newPage();
    await page.goto(server.url);
    const signIn = await readySignInButton(page);
    await signIn.click();
    await expect
      .poll(() => page.getByTestId('message').textContent(), { timeout: 10_000 })
      .toMatch(/blocked the sign-in window/);
    await context.close();
  });

  it("shows the server's refusal when the sign-in cannot be bound to this browser", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    const signIn = await readySignInButton(page);
    const popupOpened = page.waitForEvent('popup');
    await signIn.click();
    const popup = await popupOpened;
    // The nonce cookie is gone (as after 10 minutes): the server must refuse the token, with a reason.
    await context.clearCookies({ name: /^ms-nonce-/ });
    await popup.getByRole('button', { name: new RegExp(users.users[0]!.name) }).click();
    await expect.poll(() => page.getByTestId('message').textContent(), { timeout: 10_000 }).toMatch(/sign in again/i);
    expect((await context.cookies()).some((cookie) => cookie.name === 'ms-session')).toBe(false);
    expect(await signIn.isVisible()).toBe(true);
    await context.close();
  });
});

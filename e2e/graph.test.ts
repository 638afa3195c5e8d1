// Real Chromium: getAccessToken() hands the page a Microsoft Graph token that Graph (the development provider's
// stand-in) accepts, falling back to a popup only from a click; the picture attribute shows the person's photo,
// or their initials, in the logo's box (docs/element.md). examples/static-site/profile.html, as a site owner
// would write it.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testUser } from '../test/support/test-users.ts';
import { openSignedOut, signInThroughPopup, signOutAtMicrosoft } from './identity-page.ts';
import { recordingContext, useStaticSiteStack } from './static-site-page.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const adele = testUser('Adele Vance');
const megan = testUser('Megan Bowen'); // no photo at Microsoft
const stack = useStaticSiteStack();

const profile = () => `${stack.site.url}/profile.html`;
const graphProfile = (page: Page) => page.locator('#profile').textContent();
const picture = (page: Page) => page.locator('ms-signin-button [part=picture]');

describe('getAccessToken()', () => {
  it("returns a token for ['User.Read'] that Microsoft Graph accepts for /me, from the page's own fetch", async () => {
    const context = await recordingContext(stack.browser);
    const page = await openSignedOut(context, profile());
    const graphCalls: Promise<{ url: string; origin?: string; cookie?: string }>[] = [];
    page.on('request', (request) => {
      if (!new URL(request.url()).pathname.startsWith('/v1.0/')) return;
      graphCalls.push(request.allHeaders().then(({ origin, cookie }) => ({ url: request.url(), origin, cookie })));
    });
    await signInThroughPopup(page, adele.name);
    await expect.poll(() => graphProfile(page), { timeout: 20_000 }).toContain('HTTP 200');
    expect(JSON.parse((await graphProfile(page))!.split('\n').slice(1).join('\n'))).toMatchObject({
      id: adele.oid,
      displayName: adele.name,
      userPrincipalName: adele.email,
    });
    // Cross-origin, as to graph.microsoft.com, and without the auth server's cookies.
    const me = (await Promise.all(graphCalls)).find((call) => call.url === `${stack.server.url}/v1.0/me`);
    expect(me).toMatchObject({ origin: stack.site.url, cookie: undefined });
    // The same token is what the page gets back from the element.
    const token = await page.evaluate(() => document.querySelector('ms-signin-button')!.getAccessToken(['User.Read']));
    const response = await fetch(`${stack.server.url}/v1.0/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    await context.close();
  });

  it('outside a click, rejects with interaction_required when Microsoft needs the person; from a click, opens the popup', async () => {
    const context = await recordingContext(stack.browser);
    const first = await openSignedOut(context, profile());
    await signInThroughPopup(first, adele.name);
    await first.close();
    await signOutAtMicrosoft(context); // no silent way to a token any more (and a new tab: no MSAL cache)

    const page = await context.newPage();
    const popups: Page[] = [];
    page.on('popup', (popup) => popups.push(popup));
    // Restored from the cookie, the page asks for a token on ms-signin, without a click. Playwright's evaluate
    // counts as a click for a few seconds (docs/msal.md, "Testing the popup in Chromium"): nothing polls the page
    // until MSAL asks Microsoft, after the element has read whether the call came from a click.
    const silentRequest = page.waitForRequest((request) => /prompt=none/.test(request.url()));
    await page.goto(profile());
    await silentRequest;
    await expect.poll(() => graphProfile(page), { timeout: 20_000 }).toMatch(/^interaction_required: /);
    expect(popups).toEqual([]);
    const allow = page.getByRole('button', { name: 'Show my Microsoft profile' });
    expect(await allow.isVisible()).toBe(true);

    const popupOpened = page.waitForEvent('popup');
    await allow.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: new RegExp(adele.name) }).click();
    await expect.poll(() => graphProfile(page), { timeout: 20_000 }).toContain('HTTP 200');
    expect(await allow.isVisible()).toBe(false);
    await context.close();
  });

  it('rejects with not_signed_in when nobody is signed in', async () => {
    const context = await recordingContext(stack.browser);
    const page = await openSignedOut(context, profile());
    const code = await page.evaluate(() =>
      document
        .querySelector('ms-signin-button')!
        .getAccessToken(['User.Read'])
        .catch((error: { code: string }) => error.code),
    );
    expect(code).toBe('not_signed_in');
    await context.close();
  });
});

describe('<ms-signin-button picture>', () => {
  it("shows the person's photo from Microsoft Graph in the logo's box: no layout shift, the same accessible names", async () => {
    const context = await recordingContext(stack.browser, () => {
      const layout = { shifts: 0 };
      Object.assign(window, { layout });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) layout.shifts += (entry as unknown as { value: number }).value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const page = await openSignedOut(context, profile());
    await signInThroughPopup(page, adele.name);
    await expect.poll(() => picture(page).locator('image').getAttribute('href'), { timeout: 20_000 }).toMatch(/^blob:/);
    const box = (selector: string) => page.locator(`ms-signin-button ${selector}`).boundingBox();
    expect(await box('[part=picture] svg')).toMatchObject({ width: 21, height: 21 });
    // Reloaded, the logo shows first (signed in from the cookie), then the picture in its very box.
    await page.reload();
    await expect.poll(() => picture(page).locator('image').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { layout: { shifts: number } }).layout.shifts)).toBe(0);
    const element = page.locator('ms-signin-button');
    expect(await element.boundingBox()).toMatchObject({ height: 41 });
    expect(await picture(page).getAttribute('aria-hidden')).toBe('true');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    expect(await element.locator('[part=signed-in]').innerText()).toContain(adele.name);
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () =>
      (
        await (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run()
      ).violations.map((violation) => violation.id),
    );
    expect(violations).toEqual([]);
    await context.close();
  });

  it('shows the initials for a person without a photo, and when Microsoft Graph cannot be reached', async () => {
    const context = await recordingContext(stack.browser);
    const page = await openSignedOut(context, profile());
    await signInThroughPopup(page, megan.name);
    await expect.poll(() => picture(page).locator('text').textContent(), { timeout: 20_000 }).toBe('MB');
    expect(await picture(page).locator('image').count()).toBe(0);
    await context.close();

    const offline = await recordingContext(stack.browser);
    await offline.route(`${stack.server.url}/v1.0/**`, (route) => route.abort()); // Graph unreachable
    const other = await openSignedOut(offline, profile());
    await signInThroughPopup(other, adele.name);
    await expect.poll(() => picture(other).locator('text').textContent(), { timeout: 20_000 }).toBe('AV');
    await expect
      .poll(() => other.locator('#profile').textContent(), { timeout: 20_000 })
      .toMatch(/Failed to fetch|network/i);
    expect(await picture(other).locator('image').count()).toBe(0);
    await offline.close();
  });
});

// Real Chromium: auto-select signs a returning visitor in without a click while they are signed in at Microsoft
// (the development provider's session), and otherwise does nothing visible (docs/element.md, "Signed in on
// return"). examples/static-site/profile.html on its own origin, the auth server on another port of one site.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testUser } from '../test/support/test-users.ts';
import {
  buttonStates,
  consoleProblems,
  expireSessionHere,
  openSignedOut,
  recordButtonStates,
  signInButton,
  signInThroughPopup,
  signOutAtMicrosoft,
  silentFrames,
} from './identity-page.ts';
import { recorded, recordingContext, useStaticSiteStack } from './static-site-page.ts';

const adele = testUser('Adele Vance');
const stack = useStaticSiteStack();

const profile = () => `${stack.site.url}/profile.html`;

/** A browser profile that signed in here as Adele, then closed the page: its session is still live everywhere. */
async function signedInBefore(): Promise<BrowserContext> {
  const context = await recordingContext(stack.browser);
  await recordButtonStates(context);
  const page = await openSignedOut(context, profile());
  await signInThroughPopup(page, adele.name);
  await page.close();
  return context;
}

/** Opens the profile page again and waits for the button's first readiness, when auto-select decides. */
async function comeBack(context: BrowserContext): Promise<{ page: Page; problems: string[]; popups: Page[] }> {
  const page = await context.newPage();
  const problems = consoleProblems(page);
  const popups: Page[] = [];
  page.on('popup', (popup) => popups.push(popup));
  await page.goto(profile());
  return { page, problems, popups };
}

const signIns = async (page: Page) => (await recorded(page)).filter((event) => event.type === 'ms-signin');

describe('<ms-signin-button auto-select>', () => {
  it('signs a returning visitor in without a click: session here expired, still signed in at Microsoft', async () => {
    const context = await signedInBefore();
    // The username kept for login_hint, and nothing else of the sign-in (no token).
    const stored = await (
      await context.newPage()
    )
      .goto(stack.site.url)
      .then(async (response) => response!.frame().evaluate(() => Object.entries(localStorage)));
    expect(stored).toEqual([['ms-signin login-hint', adele.email]]);
    await expireSessionHere(context);

    const { page, problems, popups } = await comeBack(context);
    await expect
      .poll(() => signIns(page), { timeout: 20_000 })
      .toEqual([{ type: 'ms-signin', detail: expect.objectContaining({ name: adele.name, automatic: true }) }]);
    await expect
      .poll(() => page.locator('#status').textContent())
      .toBe(`Welcome back, ${adele.name}: signed in without a click.`);
    expect(await silentFrames(page)).toBeGreaterThan(0); // MSAL's hidden iframe (the page's Graph call has its own)
    expect(popups).toEqual([]);
    expect((await recorded(page)).filter((event) => event.type === 'ms-error')).toEqual([]);
    // A real session: the server's cookie is back, and the API answers.
    const me = await page.evaluate(
      async (auth) => (await fetch(`${auth}/api/me`, { credentials: 'include' })).status,
      stack.server.url,
    );
    expect(me).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('with no session at Microsoft: nothing happens, no popup, the console stays clean, the button stays ready', async () => {
    const context = await signedInBefore();
    await expireSessionHere(context);
    await signOutAtMicrosoft(context);

    const { page, problems, popups } = await comeBack(context);
    // MSAL's iframe hears login_required from the provider and is removed: the attempt is over.
    await expect.poll(() => silentFrames(page), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.locator('iframe.msalSilentIframe').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => signInButton(page).getAttribute('data-state')).toBe('ready');
    expect(await recorded(page)).toEqual([]); // neither ms-signin nor ms-error
    expect(await page.locator('ms-signin-button [part=error]').count()).toBe(0);
    expect(popups).toEqual([]);
    expect(problems).toEqual([]);
    // The button still signs in with a click.
    await signInThroughPopup(page, adele.name);
    await context.close();
  });

  it('after a sign-out here, no automatic sign-in until the next explicit one', async () => {
    const context = await signedInBefore();
    const page = await context.newPage();
    await page.goto(profile()); // restored from the cookie
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 20_000 }).toBe('Signed out.');
    await page.close();

    // Still signed in at Microsoft, no session here: what auto-select answers, had it not been told.
    const { page: again, popups } = await comeBack(context);
    await expect.poll(() => buttonStates(again), { timeout: 20_000 }).toContain('ready');
    // auto-select decides when the button is first ready, in the same task: a try would have readied a fresh
    // nonce at once (ready → loading → ready).
    expect(await buttonStates(again)).toEqual(['loading', 'ready']);
    expect(await silentFrames(again)).toBe(0);
    expect(await recorded(again)).toEqual([]);
    expect(popups).toEqual([]);

    // The next explicit sign-in remembers the person again.
    await signInThroughPopup(again, adele.name);
    await expireSessionHere(context);
    const { page: third } = await comeBack(context);
    await expect
      .poll(() => signIns(third), { timeout: 20_000 })
      .toEqual([{ type: 'ms-signin', detail: expect.objectContaining({ automatic: true }) }]);
    await context.close();
  });

  it('a page without auto-select tries nothing, though it could: it loads no more than before', async () => {
    const context = await signedInBefore();
    await expireSessionHere(context);
    const page = await context.newPage();
    await page.goto(stack.site.url); // examples/static-site/index.html: the same button, without auto-select
    await expect.poll(() => buttonStates(page), { timeout: 20_000 }).toContain('ready');
    expect(await buttonStates(page)).toEqual(['loading', 'ready']);
    expect(await silentFrames(page)).toBe(0);
    expect(await recorded(page)).toEqual([]);
    await context.close();
  });
});

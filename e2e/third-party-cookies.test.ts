// Real Chromium: auto-select when Microsoft is another site than the page, as login.microsoftonline.com always is.
// Its silent request runs in an iframe, where the provider's session cookie is a third-party cookie: a browser
// that blocks them (Safari and Firefox by default, Chromium by its setting) withholds it, Microsoft answers
// login_required, and the button stays quietly ready (docs/element.md, "Where auto-select works").
// The development provider on 127.0.0.1, the auth server and the page on localhost (two sites).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../server/dev-idp/test-server.ts';
import { type DevServer, startDevServer } from '../server/dev-server.ts';
import { type ExampleSite, startExampleSite } from '../server/example-site.ts';
import { testUser } from '../test/support/test-users.ts';
import { launchChromiumProfile } from './browser.ts';
import {
  consoleProblems,
  expireSessionHere,
  openSignedOut,
  recordButtonStates,
  signInButton,
  signInThroughPopup,
  silentFrames,
} from './identity-page.ts';

const adele = testUser('Adele Vance');
let provider: TestServer;
let server: DevServer;
let site: ExampleSite;

beforeAll(async () => {
  site = await startExampleSite({ port: 0, authOrigin: () => server.url });
  // The page is its own redirect URI (profile.html says redirect-uri="/").
  provider = await startTestServer({ redirectUris: [`${site.url}/`] });
  server = await startDevServer({
    PORT: '0',
    ALLOWED_ORIGINS: site.url,
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'third-party-cookies-')), 'app.db'),
    ENTRA_CLIENT_ID: provider.idp.clientId,
    ENTRA_TENANT_ID: provider.idp.tenantId,
    ENTRA_AUTHORITY_HOST: provider.baseUrl, // http://127.0.0.1:…: another site than localhost
  });
});
afterAll(async () => {
  await server?.close();
  await site?.close();
  provider?.close();
});

/** Signs in with a click (the popup is a top-level page of the provider: its cookie is set), then comes back later. */
async function returnAfterSignIn(context: BrowserContext) {
  await recordButtonStates(context);
  const first = await openSignedOut(context, `${site.url}/profile.html`);
  await signInThroughPopup(first, adele.name);
  expect((await context.cookies(provider.baseUrl)).map((cookie) => cookie.name)).toContain('dev-idp-session');
  await first.close();
  await expireSessionHere(context);
  const page = await context.newPage();
  const problems = consoleProblems(page);
  await page.goto(`${site.url}/profile.html`);
  return { page, problems };
}

describe('<ms-signin-button auto-select> with Microsoft on another site', () => {
  it('signs in without a click where the browser allows third-party cookies', async () => {
    const context = await launchChromiumProfile('allowed');
    const { page, problems } = await returnAfterSignIn(context);
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 20_000 })
      .toBe(`Welcome back, ${adele.name}: signed in without a click.`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('degrades quietly where the browser blocks them: login_required, no popup, a clean console, ready', async () => {
    const context = await launchChromiumProfile('blocked');
    const popups: unknown[] = [];
    context.on('page', (page) => popups.push(page));
    const { page, problems } = await returnAfterSignIn(context);
    popups.length = 0;
    // The attempt is over once MSAL has removed its iframe, which heard login_required.
    await expect.poll(() => silentFrames(page), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('iframe.msalSilentIframe').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => signInButton(page).getAttribute('data-state')).toBe('ready');
    expect(await page.locator('#status').textContent()).toBe('Not signed in.');
    expect(await page.locator('ms-signin-button [part=error]').count()).toBe(0);
    expect(popups).toEqual([]);
    expect(problems).toEqual([]);
    // A click still signs in: the popup is a first-party page of the provider, which remembers the person.
    await signInThroughPopup(page, adele.name);
    await context.close();
  });
});

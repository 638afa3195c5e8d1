// Real Chromium: the signed-in state in a fixed `width` (issue 11): the name shrinks first, with a whole
// ellipsis, and takes all the room left; "Sign out" is never clipped, in English or in German.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import users from '../server/dev-idp/users.json' with { type: 'json' };
import { type DevServer, startDevServer } from '../server/dev-server.ts';
import { type ExampleSite, startExampleSite } from '../server/example-site.ts';
import { launchChromium } from './browser.ts';

const megan = users.users[1]!;
let browser: Browser;
let server: DevServer;
let site: ExampleSite;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  // examples/static-site on its own origin, the auth server on another port, as in e2e/drop-in.test.ts.
  site = await startExampleSite({ port: 0, authOrigin: () => server.url });
  const database = join(mkdtempSync(join(tmpdir(), 'signed-in-layout-')), 'app.db');
  server = await startDevServer({ PORT: '0', ALLOWED_ORIGINS: site.url, DATABASE_PATH: database });
  page = await (await browser.newContext()).newPage();
  await page.goto(site.url);
  // Signed in once through the development provider's popup (expect.poll works only inside a test).
  const signIn = page.locator('ms-signin-button button.b[data-state=ready]');
  await signIn.waitFor({ timeout: 20_000 });
  const popupOpened = page.waitForEvent('popup');
  await signIn.click();
  await (await popupOpened).getByRole('button', { name: new RegExp(megan.name) }).click();
  await page.locator('ms-signin-button [part=sign-out]').waitFor({ timeout: 20_000 });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
});

/** A second button of the same server (signed in at once: the page's session is shared), measured. */
function measure(attributes: Record<string, string>) {
  return page.evaluate(async (attributes) => {
    const first = document.querySelector('ms-signin-button')!;
    const element = document.createElement('ms-signin-button');
    element.setAttribute('login-uri', first.getAttribute('login-uri')!);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    document.querySelector('main')!.append(element);
    await new Promise(requestAnimationFrame);
    const box = element.shadowRoot!.querySelector<HTMLElement>('[part=signed-in]')!;
    const [logo, name, dot, signOut] = [...box.children] as HTMLElement[];
    const [logoBox, nameBox, dotBox, signOutBox] = [logo!, name!, dot!, signOut!].map((child) =>
      child.getBoundingClientRect(),
    );
    const style = getComputedStyle(box);
    const content = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    // The narrowest name that still shows a whole ellipsis: its first letter and "…", in its own font.
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = getComputedStyle(name!).font;
    const result = {
      width: box.getBoundingClientRect().width,
      signOut: signOut!.innerText,
      signOutClipped: signOut!.scrollWidth > signOut!.clientWidth,
      nameEllipsis: getComputedStyle(name!).textOverflow,
      nameTruncated: name!.scrollWidth > name!.clientWidth,
      wholeEllipsis: nameBox!.width >= context.measureText(`${name!.title[0]}…`).width,
      // The space on each side of the "·".
      aroundDot: [dotBox!.left - nameBox!.right, signOutBox!.left - dotBox!.right],
      // Room inside the box that neither the children nor the space between them use.
      unused: content - (signOutBox!.right - logoBox!.left),
    };
    element.remove();
    return result;
  }, attributes);
}

describe('<ms-signin-button> signed in, in a fixed width', () => {
  it.each([
    { language: 'German', locale: 'de', signOut: 'Abmelden' },
    { language: 'English', locale: 'en', signOut: 'Sign out' },
  ])('at width="200" in $language: the name is cut with an ellipsis and fills the box', async (variant) => {
    const layout = await measure({ width: '200', locale: variant.locale });
    expect(layout).toMatchObject({
      width: 200,
      signOut: variant.signOut,
      signOutClipped: false,
      nameEllipsis: 'ellipsis',
      nameTruncated: true,
      wholeEllipsis: true,
    });
    // The name is cut only once the space around the "·" is down to about a space's width.
    expect(Math.max(...layout.aroundDot)).toBeLessThanOrEqual(6);
    expect(layout.unused).toBeLessThanOrEqual(1);
  });

  it('cuts nothing when the name fits', async () => {
    for (const locale of ['de', 'en']) {
      expect(await measure({ width: '400', locale })).toMatchObject({
        width: 400,
        signOutClipped: false,
        nameTruncated: false,
      });
      expect(await measure({ locale })).toMatchObject({ signOutClipped: false, nameTruncated: false });
    }
  });
});

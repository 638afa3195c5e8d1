import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createBuilder } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../server/dev-server.ts';
import { type ExampleSite, startExampleSite } from '../server/example-site.ts';
import { testUser } from '../test/support/test-users.ts';
import { launchChromium } from './browser.ts';
import { recorded, recordingContext } from './static-site-page.ts';

// The drop-in element as a site owner uses it: examples/static-site (plain HTML, one script tag, one
// element) on its own origin, the auth server on another port, real Chromium. Twice: with the bundle
// `npm run build` makes (what `npm start` serves), and with the source as `npm run dev` serves it.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const adele = testUser('Adele Vance');
const megan = testUser('Megan Bowen');
const temporaryFolder = (name: string) => mkdtempSync(join(tmpdir(), `${name}-`));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** `npm run build`'s two SDK environments only, into a folder of their own (other tests build dist/). */
async function buildSdk(): Promise<string> {
  const outDir = temporaryFolder('sdk');
  const builder = await createBuilder({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    logLevel: 'warn',
    environments: { sdkBridge: { build: { outDir } }, sdk: { build: { outDir } } },
  });
  await builder.build(builder.environments.sdkBridge!);
  await builder.build(builder.environments.sdk!);
  return outDir;
}

/** A fresh browser profile whose pages record the element's events in `window.recorded`. */
const newContext = (init?: () => void) => recordingContext(browser, init);

const signInButton = (page: Page) => page.locator('ms-signin-button button.b');
const elementUser = (page: Page) =>
  page
    .locator('ms-signin-button')
    .first()
    .evaluate(
      (element: HTMLElementTagNameMap['ms-signin-button']) =>
        element.user && { name: element.user.name, email: element.user.email },
    );

async function openExample(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await expect.poll(() => signInButton(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  return page;
}

async function signInAs(page: Page, user: { name: string }): Promise<void> {
  const popupOpened = page.waitForEvent('popup');
  await signInButton(page).click();
  const popup = await popupOpened;
  await popup.getByRole('button', { name: new RegExp(user.name) }).click();
  await expect.poll(() => elementUser(page), { timeout: 20_000 }).toMatchObject({ name: user.name });
}

describe.each([
  { mode: 'the built bundle', built: true },
  { mode: 'the development server', built: false },
])('<ms-signin-button> on a static site of another origin, from $mode', ({ built }) => {
  let server: DevServer;
  let site: ExampleSite;
  let sdkRoot: string | undefined;

  beforeAll(async () => {
    if (built) sdkRoot = await buildSdk();
    // The site first: the auth server must list its origin in ALLOWED_ORIGINS, as a deployment would.
    site = await startExampleSite({ port: 0, authOrigin: () => server.url });
    server = await startDevServer(
      { PORT: '0', ALLOWED_ORIGINS: site.url, DATABASE_PATH: join(temporaryFolder('drop-in'), 'app.db') },
      sdkRoot ? { sdkRoot } : {},
    );
  });
  afterAll(async () => {
    await server?.close();
    await site?.close();
  });

  it('signs in through the popup, the page calls the API with the cookie, a reload keeps it, sign-out ends it', async () => {
    const context = await newContext();
    const page = await openExample(context, site.url);
    // The nonce cookie crossed origins (same site): SameSite=Strict, HttpOnly, set by the auth server.
    const nonce = (await context.cookies(server.url)).find((cookie) => cookie.name.startsWith('ms-nonce-'));
    expect(nonce).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    const popupOpened = page.waitForEvent('popup');
    await signInButton(page).click();
    const popup = await popupOpened;
    // The page itself is the redirect URI: no other file on the site. (The popup opens blank, then navigates.)
    await popup.waitForURL(/redirect_uri=/);
    expect(new URL(popup.url()).searchParams.get('redirect_uri')).toBe(`${site.url}/`);
    await popup.getByRole('button', { name: new RegExp(adele.name) }).click();

    await expect
      .poll(() => recorded(page), { timeout: 20_000 })
      .toContainEqual({
        type: 'ms-signin',
        detail: expect.objectContaining({ name: adele.name, email: adele.email }),
      });
    // The page's own fetch(AUTH + '/api/me', { credentials: 'include' }) is authenticated by the cookie.
    await expect.poll(() => page.locator('#me').textContent()).toContain('HTTP 200');
    expect(await page.locator('#me').textContent()).toContain(`"email": "${adele.email}"`);
    const cookies = await context.cookies(server.url);
    expect(cookies.find((cookie) => cookie.name === 'ms-session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.some((cookie) => cookie.name.startsWith('ms-nonce-'))).toBe(false); // used once
    // Signed-in state: the name, and Sign out with the keyboard focus (it was on the button).
    const signOut = page.getByRole('button', { name: 'Sign out' });
    expect(await page.locator('ms-signin-button').textContent()).toBe('');
    expect(await page.locator('ms-signin-button [part=signed-in]').innerText()).toContain(adele.name);
    expect(await signOut.evaluate((button) => button.matches(':focus'))).toBe(true);
    expect((await recorded(page)).filter((event) => event.type === 'ms-error')).toEqual([]);

    await page.reload();
    await expect.poll(() => elementUser(page), { timeout: 20_000 }).toEqual({ name: adele.name, email: adele.email });
    await expect.poll(() => page.locator('#me').textContent()).toContain('HTTP 200');

    // The host site's own cookie must survive our sign-out (no Clear-Site-Data for the whole domain).
    await page.evaluate(() => {
      document.cookie = 'site_pref=dark; path=/';
    });
    await signOut.click();
    await expect.poll(() => recorded(page)).toContainEqual({ type: 'ms-signout', detail: null });
    expect((await context.cookies(site.url)).some((cookie) => cookie.name === 'site_pref')).toBe(true);
    expect(await elementUser(page)).toBeNull();
    expect((await context.cookies(server.url)).some((cookie) => cookie.name === 'ms-session')).toBe(false);
    await expect.poll(() => signInButton(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    const meAfter = await page.evaluate(
      async (auth) => (await fetch(`${auth}/api/me`, { credentials: 'include' })).status,
      server.url,
    );
    expect(meAfter).toBe(401);
    await context.close();
  });

  it('reports a closed popup as ms-error popup_closed, and the button works again', async () => {
    const context = await newContext();
    const page = await openExample(context, site.url);
    const popupOpened = page.waitForEvent('popup');
    await signInButton(page).click();
    await (await popupOpened).close();
    await expect
      .poll(() => recorded(page), { timeout: 10_000 })
      .toContainEqual({
        type: 'ms-error',
        detail: { code: 'popup_closed', message: expect.any(String) },
      });
    await expect.poll(() => signInButton(page).getAttribute('data-state')).toBe('ready');
    await signInAs(page, megan);
    await context.close();
  });

  it('opens one popup for a double click, and never reports interaction_in_progress', async () => {
    const context = await newContext();
    const page = await openExample(context, site.url);
    const popups: Page[] = [];
    page.on('popup', (popup) => popups.push(popup));
    await signInButton(page).dblclick();
    await expect.poll(() => popups.length).toBe(1);
    await page.waitForTimeout(1_000); // room for a second popup to show up
    expect(popups).toHaveLength(1);
    await popups[0]!.getByRole('button', { name: new RegExp(adele.name) }).click();
    await expect.poll(() => elementUser(page), { timeout: 20_000 }).toMatchObject({ name: adele.name });
    const events = await recorded(page);
    expect(events.filter((event) => event.type === 'ms-signin')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'ms-error')).toEqual([]);
    await context.close();
  });

  it('reports a blocked popup as ms-error popup_blocked', async () => {
    const context = await newContext(() => {
      window.open = () => null; // what a popup blocker does
    });
    const page = await openExample(context, site.url);
    await signInButton(page).click();
    await expect
      .poll(() => recorded(page), { timeout: 10_000 })
      .toContainEqual({
        type: 'ms-error',
        detail: { code: 'popup_blocked', message: expect.stringMatching(/blocked the sign-in window/) },
      });
    await expect.poll(() => signInButton(page).getAttribute('data-state')).toBe('ready');
    await context.close();
  });

  it('renders at its final size at once: no layout shift while MSAL loads after the first paint', async () => {
    const context = await newContext(() => {
      const state = { shifts: 0, first: undefined as unknown };
      Object.assign(window, { layout: state });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) state.shifts += (entry as unknown as { value: number }).value;
      }).observe({ type: 'layout-shift', buffered: true });
      void customElements.whenDefined('ms-signin-button').then(() =>
        requestAnimationFrame(() => {
          const element = document.querySelector('ms-signin-button')!;
          const { width, height } = element.getBoundingClientRect();
          const msalRequested = performance
            .getEntriesByType('resource')
            .some((entry) => /\/sign-in(\.ts|-[\w-]+\.js)|msal-browser\.js/.test(entry.name));
          const buttonState = element.shadowRoot?.querySelector('button')?.dataset.state;
          state.first = { width, height, msalRequested, buttonState };
        }),
      );
    });
    const page = await openExample(context, site.url);
    const layout = await page.evaluate(
      () => (window as unknown as { layout: { shifts: number; first: unknown } }).layout,
    );
    expect(layout.first).toMatchObject({ height: 41, msalRequested: false, buttonState: 'loading' });
    const box = await page.locator('ms-signin-button').boundingBox();
    expect({ width: box!.width, height: box!.height }).toEqual({
      width: (layout.first as { width: number }).width,
      height: 41,
    });
    expect(layout.shifts).toBe(0);
    await context.close();
  });

  it("works under a strict Content-Security-Policy: no 'unsafe-inline', only the auth server allowed", async () => {
    const context = await newContext();
    const violations: string[] = [];
    context.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    // examples/static-site/strict-csp.html: every inline style and script forbidden.
    const page = await openExample(context, `${site.url}/strict-csp.html`);
    const box = await signInButton(page).boundingBox();
    expect({ width: box?.width, height: box?.height }).toEqual({ width: 260, height: 41 });
    await signInAs(page, adele);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('loads only the redirect bridge when the page is the popup coming back from Microsoft', async () => {
    const context = await newContext(() => {
      const channel = new BroadcastChannel('bridge-test');
      channel.onmessage = (event) => Object.assign(window, { bridged: event.data });
    });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const state = Buffer.from(JSON.stringify({ id: 'bridge-test', meta: { interactionType: 'popup' } })).toString(
      'base64',
    );
    await page.goto(`${site.url}/#code=the-code&state=${encodeURIComponent(state)}`);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { bridged?: { payload: string } }).bridged?.payload))
      .toContain('code=the-code');
    expect(await page.evaluate(() => customElements.get('ms-signin-button'))).toBeUndefined();
    expect(
      requests.filter((url) => /\/sign-in(\.ts|-[\w-]+\.js)|msal-browser\.js|\/api\/me|\/auth\//.test(url)),
    ).toEqual([]);
    if (built) {
      const sdk = requests
        .filter((url) => url.includes('/sdk/'))
        .map((url) => new URL(url).pathname.replace(/^(\/sdk\/chunks\/bridge)-.+\.js$/, '$1.js'));
      expect(sdk).toEqual(['/sdk/ms-signin.js', '/sdk/chunks/bridge.js']);
    }
    expect(page.url()).toBe(`${site.url}/`); // the code no longer sits in the address bar
    await context.close();
  });

  it('renders each theme, size, shape, width and language at its own measures, whatever the page CSS', async () => {
    const context = await newContext();
    const page = await openExample(context, site.url);
    const variants: Record<string, Record<string, string>> = {
      medium: {},
      small: { size: 'small' },
      large: { size: 'large' },
      pill: { shape: 'pill' },
      dark: { theme: 'dark' },
      wide: { width: '300' },
      short: { text: 'signin' },
      french: { locale: 'fr', text: 'continue_with' },
      german: { locale: 'de' },
    };
    await page.evaluate((all) => {
      for (const [id, attributes] of Object.entries(all)) {
        const element = Object.assign(document.createElement('ms-signin-button'), { id });
        for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
        document.querySelector('main')!.append(element);
      }
    }, variants);
    const measure = async () => {
      const result: Record<
        string,
        { width: number; height: number; label: string; background: string; color: string; radius: string }
      > = {};
      for (const id of Object.keys(variants)) {
        result[id] = await page.locator(`#${id} button`).evaluate((button) => {
          const { width, height } = button.getBoundingClientRect();
          const style = getComputedStyle(button);
          return {
            width,
            height,
            label: (button as HTMLElement).innerText,
            background: style.backgroundColor,
            color: style.color,
            radius: style.borderTopLeftRadius,
          };
        });
      }
      return result;
    };
    const sizes = await measure();
    expect(sizes.medium).toMatchObject({
      height: 41,
      label: 'Sign in with Microsoft',
      background: 'rgb(255, 255, 255)',
      color: 'rgb(94, 94, 94)',
      radius: '0px',
    });
    expect(sizes.small!.height).toBe(32);
    expect(sizes.large!.height).toBe(48);
    expect(sizes.small!.width).toBeLessThan(sizes.medium!.width);
    expect(sizes.large!.width).toBeGreaterThan(sizes.medium!.width);
    expect(sizes.pill).toMatchObject({ height: 41, radius: '999px' });
    expect(sizes.dark).toMatchObject({
      height: 41,
      width: sizes.medium!.width,
      background: 'rgb(47, 47, 47)',
      color: 'rgb(255, 255, 255)',
    });
    expect(sizes.wide).toMatchObject({ width: 300, height: 41 });
    expect(sizes.short!.label).toBe('Sign in');
    expect(sizes.short!.width).toBeLessThan(sizes.medium!.width);
    expect(sizes.french!.label).toBe('Continuer avec Microsoft');
    expect(sizes.german!.label).toBe('Mit Microsoft anmelden');

    // Screenshots have the element's measures (dimensions compared, not pixels; a box at a fractional
    // position takes one more row or column of pixels).
    for (const id of ['small', 'medium', 'large', 'wide', 'pill', 'dark']) {
      const png = await page.locator(`#${id}`).screenshot();
      expect(Math.abs(png.readUInt32BE(16) - sizes[id]!.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(png.readUInt32BE(20) - sizes[id]!.height)).toBeLessThanOrEqual(1);
    }

    // A page with aggressive CSS does not reach inside, and the element's CSS does not leak out.
    await page.addStyleTag({
      content:
        '* { letter-spacing: 4px !important; font-size: 30px !important; line-height: 3 !important; } button { padding: 40px !important; background: red !important; }',
    });
    expect(await measure()).toEqual(sizes);
    await context.close();
  });

  it('reads the appearance attributes as typed properties with their defaults; setting one sets the attribute', async () => {
    const context = await newContext();
    const page = await openExample(context, site.url);
    const element = page.locator('ms-signin-button');
    const properties = () =>
      element.evaluate((button: HTMLElementTagNameMap['ms-signin-button']) => {
        const { theme, size, shape, text, width, locale, loginUri, clientId, picture, autoSelect } = button;
        return { theme, size, shape, text, width, locale, loginUri, clientId, picture, autoSelect };
      });
    // docs/element.md: the defaults (headless Chromium's language is en-US).
    expect(await properties()).toEqual({
      theme: 'light',
      size: 'medium',
      shape: 'rectangular',
      text: 'signin_with',
      width: undefined,
      locale: 'en',
      loginUri: `${server.url}/auth/microsoft`,
      clientId: null,
      picture: false,
      autoSelect: false,
    });
    await element.evaluate((button: HTMLElementTagNameMap['ms-signin-button']) =>
      Object.assign(button, { size: 'large', width: 300, locale: 'de', clientId: 'app' }),
    );
    expect(await properties()).toMatchObject({ size: 'large', width: 300, locale: 'de', clientId: 'app' });
    const attributes = (...names: string[]) =>
      element.evaluate((button, names) => names.map((name) => button.getAttribute(name)), names);
    expect(await attributes('size', 'width', 'locale', 'client-id')).toEqual(['large', '300', 'de', 'app']);
    expect(await signInButton(page).evaluate((button) => button.getBoundingClientRect().height)).toBe(48);
    // An unknown value stays in the attribute and reads as the default; null removes the attribute.
    await element.evaluate((button) => button.setAttribute('size', 'huge'));
    expect(await properties()).toMatchObject({ size: 'medium' });
    await element.evaluate((button: HTMLElementTagNameMap['ms-signin-button']) =>
      Object.assign(button, { size: null, clientId: null }),
    );
    expect(await attributes('size', 'client-id')).toEqual([null, null]);
    // The boolean attributes: true sets them empty, false removes them.
    await element.evaluate((button: HTMLElementTagNameMap['ms-signin-button']) =>
      Object.assign(button, { picture: true, autoSelect: true }),
    );
    expect(await attributes('picture', 'auto-select')).toEqual(['', '']);
    expect(await properties()).toMatchObject({ picture: true, autoSelect: true });
    await element.evaluate((button: HTMLElementTagNameMap['ms-signin-button']) =>
      Object.assign(button, { picture: false, autoSelect: false }),
    );
    expect(await attributes('picture', 'auto-select')).toEqual([null, null]);
    await context.close();
  });

  it('is keyboard operable with a visible focus, and axe-core finds no violations', async () => {
    const context = await newContext();
    const page = await openExample(context, site.url);
    await page.evaluate(() => {
      for (const theme of ['light', 'dark']) {
        const element = document.createElement('ms-signin-button');
        element.setAttribute('theme', theme);
        element.setAttribute('shape', 'pill');
        element.setAttribute('locale', 'de');
        document.querySelector('main')!.append(element);
      }
    });
    const audit = async () => {
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() =>
        (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run(),
      );
      return result.violations.map((violation) => violation.id);
    };
    expect(await audit()).toEqual([]);

    // Tab reaches the real <button>, its accessible name is its label, and it shows a focus ring.
    await page.keyboard.press('Tab');
    const focused = signInButton(page).first();
    await expect.poll(() => focused.evaluate((button) => button.matches(':focus-visible'))).toBe(true);
    expect(await focused.evaluate((button) => getComputedStyle(button).outlineStyle)).toBe('solid');
    expect(await page.getByRole('button', { name: 'Sign in with Microsoft' }).count()).toBe(1);
    const popupOpened = page.waitForEvent('popup');
    await page.keyboard.press('Enter');
    const popup = await popupOpened;
    await popup.getByRole('button', { name: new RegExp(adele.name) }).click();
    await expect.poll(() => elementUser(page), { timeout: 20_000 }).toMatchObject({ name: adele.name });
    // The signed-in state is accessible too.
    expect(await audit()).toEqual([]);
    await context.close();
  });

  if (built) {
    it('serves the loader (at most 5 KB gzip) and its chunks to any site, cached as versioned files', async () => {
      const page = await (await browser.newContext()).newPage();
      const responses = new Map<string, Headers>();
      page.on('response', (response) => {
        if (response.url().includes('/sdk/'))
          responses.set(new URL(response.url()).pathname, new Headers(response.headers()));
      });
      await page.goto(site.url);
      await expect.poll(() => signInButton(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
      const loader = responses.get('/sdk/ms-signin.js');
      expect(loader?.get('access-control-allow-origin')).toBe('*');
      expect(loader?.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(loader?.get('cache-control')).toBe('public, max-age=300');
      const chunk = [...responses].find(([path]) => path.startsWith('/sdk/chunks/sign-in-'));
      expect(chunk?.[1].get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(chunk?.[1].get('content-encoding')).toBe('br');

      const gzipped = (file: string) => gzipSync(readFileSync(join(sdkRoot!, file)), { level: 9 }).length;
      expect(gzipped('ms-signin.js')).toBeLessThanOrEqual(5_000);
      await page.context().close();
    });
  }
});

import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import devIdp from '../server/dev-idp/users.json' with { type: 'json' };
import { errors, openPopup, openReady, pickAccount, recordingContext, useStaticSiteStack } from './static-site-page.ts';

// What a site's visitor and its developer see when Entra refuses a sign-in, with the development provider
// answering as Entra does (AADSTS errors redirected back, or shown in the popup): the element's ms-error code
// and message (docs/element.md, "ms-error"), never Entra's raw text.
/** The test user whose sign-in Entra refuses with `refusal` (users.json). */
const userWith = (refusal: string) => devIdp.users.find((user) => Object.values(user).includes(refusal))!;
let context: BrowserContext;
const stack = useStaticSiteStack();

/** Signs in as `name` and returns the one ms-error detail and what the example page shows of it. */
async function refusedSignIn(name: string) {
  context = await recordingContext(stack.browser);
  const page = await openReady(context, stack.site.url);
  await pickAccount(await openPopup(page), name);
  await expect.poll(() => errors(page), { timeout: 20_000 }).toHaveLength(1);
  const [detail] = (await errors(page)) as { code: string; message: string }[];
  const status = await page.locator('#status').textContent();
  await context.close();
  return { detail: detail!, status };
}

describe('<ms-signin-button> when Entra refuses the sign-in', () => {
  it('tells a user not assigned to the app (AADSTS50105) to ask an administrator', async () => {
    const { detail, status } = await refusedSignIn(userWith('user_not_assigned').name);
    expect(detail).toEqual({
      code: 'not_assigned',
      message:
        'Your account has not been given access to this app. Ask an administrator of your organization to assign you to it (AADSTS50105).',
    });
    expect(status).toBe(`Sign-in problem (not_assigned): ${detail.message}`);
    expect(detail.message).not.toMatch(/Trace ID|Correlation ID|EmailHidden/); // Entra's text stays out
  });

  it('tells a user whose organization has not consented (AADSTS65001) that an administrator must', async () => {
    const { detail } = await refusedSignIn(userWith('consent_required').name);
    expect(detail).toEqual({
      code: 'consent_required',
      message:
        'An administrator of your organization must grant this app consent before you can sign in with it (AADSTS65001).',
    });
  });

  it('calls a Cancel at Microsoft (AADSTS65004, access_denied) a cancelled sign-in, not a refusal', async () => {
    context = await recordingContext(stack.browser);
    const page = await openReady(context, stack.site.url);
    await (await openPopup(page)).getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => errors(page), { timeout: 20_000 })
      .toEqual([{ code: 'access_denied', message: 'The sign-in was cancelled.' }]);
    await context.close();
  });

  it("shows Entra's AADSTS50011 page in the popup for an unregistered page; closing it says to pass the code on", async () => {
    context = await recordingContext(stack.browser);
    // The same page under another address: /index.html is not one of the registered redirect URIs (only /).
    const page = await openReady(context, `${stack.site.url}/index.html`);
    const popup = await openPopup(page);
    expect(new URL(popup.url()).searchParams.get('redirect_uri')).toBe(`${stack.site.url}/index.html`);
    await expect.poll(() => popup.locator('body').innerText()).toContain('AADSTS50011');
    expect(await popup.locator('body').innerText()).toContain(`${stack.site.url}/index.html`);
    await popup.close(); // what a person does: Entra's page never returns to the site
    await expect
      .poll(() => errors(page), { timeout: 10_000 })
      .toEqual([
        {
          code: 'popup_closed',
          message:
            "The sign-in window was closed before the sign-in finished. If it showed an error, give this site's owner its code (AADSTS…).",
        },
      ]);
    await context.close();
  });
});

import { describe, expect, it } from 'vitest';
import devIdp from '../server/dev-idp/users.json' with { type: 'json' };
import { errors, openPopup, openReady, pickAccount, recordingContext, useStaticSiteStack } from './static-site-page.ts';

// The drop-in element on a static site of another origin, signing in customers of an Entra External ID tenant:
// the development provider in External ID mode (authority on the tenant's subdomain, issuer on its ID, as Entra's).
const externalTenantId = devIdp.externalTenant.tenantId;
const customer = devIdp.users.find((user) => user.kind === 'external-id')!;
const stack = useStaticSiteStack({ DEV_IDP_MODE: 'external-id' });

describe('<ms-signin-button> with an Entra External ID tenant (DEV_IDP_MODE=external-id)', () => {
  it("gives the element the External ID tenant's authority", async () => {
    const config = (await (await fetch(`${stack.server.url}/auth/config`)).json()) as {
      authority: string;
      knownAuthorities: string[];
    };
    expect(new URL(config.authority).pathname).toBe(`/${externalTenantId}`);
    expect(config.knownAuthorities).toContain(new URL(config.authority).host);
  });

  it('signs a customer in through the popup, and /api/me answers for the External ID tenant', async () => {
    const context = await recordingContext(stack.browser);
    const page = await openReady(context, stack.site.url);
    const popup = await openPopup(page);
    // The popup asks the External ID tenant, and offers its customers only.
    expect(new URL(popup.url()).pathname).toBe(`/${externalTenantId}/oauth2/v2.0/authorize`);
    expect(await popup.getByRole('button', { name: /Adele Vance/ }).count()).toBe(0);
    await pickAccount(popup, customer.name);

    await expect.poll(() => page.locator('#me').textContent(), { timeout: 20_000 }).toContain('HTTP 200');
    const me = JSON.parse((await page.locator('#me').textContent())!.replace(/^HTTP 200\n/, '')) as Record<
      string,
      unknown
    >;
    expect(me).toMatchObject({ id: customer.oid, tenantId: externalTenantId, email: customer.email });
    expect(await page.locator('#status').textContent()).toBe(`Signed in as ${customer.name}.`);
    expect(await errors(page)).toEqual([]);
    await context.close();
  });
});

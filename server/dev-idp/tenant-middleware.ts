// Resolves the tenant path segment once per request; an unknown tenant gets Entra's AADSTS90002 answer.
import type { MiddlewareHandler } from 'hono';
import type { DevIdpConfig } from './config.ts';
import { tenantNotFound } from './entra-errors.ts';
import { oauthErrorBody } from './oauth-error.ts';
import { resolveTenant, type TenantView } from './tenants.ts';

/** The context variables of every endpoint under `/:tenant/`. */
export interface TenantEnv {
  Variables: { tenant: TenantView };
}

export function requireKnownTenant(config: DevIdpConfig): MiddlewareHandler<TenantEnv> {
  return async function requireKnownTenant(c, next) {
    const segment = c.req.param('tenant') ?? '';
    const tenant = resolveTenant(segment, config);
    if (tenant === undefined) {
      return c.json(oauthErrorBody(config.baseUrl, tenantNotFound(segment), c.req.query('client-request-id')), 400);
    }
    c.set('tenant', tenant);
    await next();
  };
}

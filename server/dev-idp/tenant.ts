// The tenant path segment: the provider's own tenant, or the multi-tenant aliases common and organizations.
import type { MiddlewareHandler } from 'hono';
import { oauthErrorBody } from './oauth-error.ts';

export type TenantKind = 'own' | 'multi';

export function tenantKind(segment: string, tenantId: string): TenantKind | undefined {
  const lower = segment.toLowerCase();
  if (lower === tenantId) return 'own';
  if (lower === 'common' || lower === 'organizations') return 'multi';
  return undefined;
}

/** Answers an unknown tenant with a 404 in Entra's error shape before any route runs. */
export function requireKnownTenant(tenantId: string): MiddlewareHandler {
  return async function requireKnownTenant(c, next) {
    const segment = c.req.param('tenant') ?? '';
    if (tenantKind(segment, tenantId) === undefined) {
      const body = oauthErrorBody(
        'invalid_tenant',
        `Tenant '${segment}' not found. This development identity provider knows only ${tenantId}, common and organizations.`,
        c.req.query('client-request-id'),
      );
      return c.json(body, 404);
    }
    await next();
  };
}

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../error-handler.ts';
import { silentLogger } from '../observability/logger.ts';
import type { ApiUser } from '../user.ts';
import { requireRole } from './require-role.ts';
import type { UserVariables } from './require-user.ts';

// The factory alone, with the caller set directly.
const admin: ApiUser = {
  id: 'u',
  tenantId: 't',
  name: 'n',
  email: 'e',
  roles: ['Admin'],
  scopes: ['access_as_user'],
  credential: 'session',
};
const bearer: ApiUser = { ...admin, roles: ['admin', 'Reader'], credential: 'bearer' };

function appFor(user: ApiUser) {
  return new Hono<{ Variables: UserVariables }>()
    .use(async (c, next) => {
      c.set('user', user);
      await next();
    })
    .get('/admin', requireRole('Admin'), (c) => c.text('ok'))
    .onError(createErrorHandler(silentLogger));
}

describe('requireRole()', () => {
  it('needs the exact role name', async () => {
    expect((await appFor(admin).request('/admin')).status).toBe(200);
    const refused = await appFor(bearer).request('/admin');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      status: 'error',
      error: 'role_required',
      message: 'This needs the Admin role.',
    });
    // Not a scope a bearer caller could ask for: no challenge.
    expect(refused.headers.get('www-authenticate')).toBeNull();
  });
});

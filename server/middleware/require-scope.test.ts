import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../error-handler.ts';
import { silentLogger } from '../observability/logger.ts';
import type { ApiUser } from '../user.ts';
import { requireScope } from './require-scope.ts';
import type { UserVariables } from './require-user.ts';

// The factory alone, with the caller set directly: what each credential kind is granted.
const session: ApiUser = {
  id: 'u',
  tenantId: 't',
  name: 'n',
  email: 'e',
  roles: ['Admin'],
  scopes: ['access_as_user'],
  credential: 'session',
};
const bearer: ApiUser = { ...session, roles: [], scopes: ['access_as_user', 'Tasks.Read'], credential: 'bearer' };

function appFor(user: ApiUser) {
  return new Hono<{ Variables: UserVariables }>()
    .use(async (c, next) => {
      c.set('user', user);
      await next();
    })
    .get('/api-scope', requireScope('access_as_user'), (c) => c.text('ok'))
    .get('/other-scope', requireScope('Tasks.Write'), (c) => c.text('ok'))
    .onError(createErrorHandler(silentLogger));
}

describe('requireScope()', () => {
  it('treats a session as carrying the API scope and nothing more', async () => {
    const app = appFor(session);
    expect((await app.request('/api-scope')).status).toBe(200);
    const refused = await app.request('/other-scope');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: 'insufficient_scope',
      message: 'This needs the Tasks.Write scope.',
    });
    // No bearer challenge: a cookie caller cannot fix this by getting another token.
    expect(refused.headers.get('www-authenticate')).toBeNull();
  });

  it('checks a bearer caller’s scp, and challenges it with the missing scope (RFC 6750 3.1)', async () => {
    const app = appFor(bearer);
    expect((await app.request('/api-scope')).status).toBe(200);
    const refused = await app.request('/other-scope');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="Tasks.Write"');
  });
});

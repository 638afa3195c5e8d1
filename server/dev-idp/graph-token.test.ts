import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGraphTokenCheck } from './graph-token.ts';
import { createKeySets } from './keys.ts';
import { sealPersonalGraphToken } from './personal-graph-token.ts';
import type { TokenContext } from './tokens.ts';
import { loadUsersFile } from './users.ts';

// The checks the HTTP tests (graph.test.ts) cannot reach with tokens the provider issues: a missing scope, and
// opaque personal tokens that are not this provider's.
const file = loadUsersFile();
const pat = file.users.find((user) => user.kind === 'personal')!;
let context: TokenContext;
beforeAll(async () => {
  context = {
    baseUrl: 'http://localhost:3000',
    tenantId: file.tenantId,
    externalTenantId: file.externalTenant.tenantId,
    clientId: file.clientId,
    appName: file.appName,
    tokenLifetime: 3600,
    keys: await createKeySets(),
    sealingKey: randomBytes(32),
  };
});
const exp = () => Math.floor(Date.now() / 1000) + 3600;

describe('createGraphTokenCheck()', () => {
  it('refuses with 403 Authorization_RequestDenied a token without any of the scopes the call needs', async () => {
    const check = createGraphTokenCheck(context, file.users);
    const token = sealPersonalGraphToken(context.sealingKey, { oid: pat.oid, scp: 'openid profile', exp: exp() });
    expect(await check(`Bearer ${token}`, ['User.Read'])).toMatchObject({
      ok: false,
      status: 403,
      code: 'Authorization_RequestDenied',
    });
    expect(await check(`Bearer ${token}`, ['profile'])).toMatchObject({ ok: true, user: { oid: pat.oid } });
  });

  it('refuses an opaque token sealed by another provider', async () => {
    const check = createGraphTokenCheck(context, file.users);
    const token = sealPersonalGraphToken(randomBytes(32), { oid: pat.oid, scp: 'User.Read', exp: exp() });
    expect(await check(`Bearer ${token}`, ['User.Read'])).toMatchObject({ ok: false, status: 401 });
  });
});

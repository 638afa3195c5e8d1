import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const base = {
  ENTRA_CLIENT_ID: '6b8f1c2d-3e4a-4b5c-8d6e-7f8091a2b3c4',
  ENTRA_TENANT_ID: '3f1a6a2e-8c1b-4f5e-9a7d-2b6c4d8e0f11',
  SESSION_SECRET: 'x'.repeat(32),
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig()', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      production: false,
      authorityHost: 'https://login.microsoftonline.com',
      v1IssuerHost: 'https://sts.windows.net',
      requireNonce: true,
      apiAudiences: [`api://${base.ENTRA_CLIENT_ID}`, base.ENTRA_CLIENT_ID],
      apiScope: 'access_as_user',
      adminRole: 'Admin',
      sessionMaxAge: 28_800,
      allowedOrigins: [],
      databasePath: 'data/app.db',
      port: 3000,
      tenant: { kind: 'single', tenant: base.ENTRA_TENANT_ID },
    });
  });

  it('names the variable of a missing or malformed value', () => {
    expect(refusal({ ...base, ENTRA_CLIENT_ID: '' })).toBe('ENTRA_CLIENT_ID is required');
    expect(refusal({ ...base, ENTRA_CLIENT_ID: 'my-app' })).toMatch(/^ENTRA_CLIENT_ID /);
    expect(refusal({ ...base, ENTRA_TENANT_ID: 'not a tenant' })).toMatch(/^ENTRA_TENANT_ID /);
    expect(refusal({ ...base, SESSION_SECRET: 'x'.repeat(31) })).toMatch(/^SESSION_SECRET must be at least 32 bytes/);
    expect(refusal({ ...base, SESSION_SECRET: `${'x'.repeat(32)},short` })).toMatch(/^SESSION_SECRET /);
    expect(refusal({ ...base, ENTRA_REQUIRE_NONCE: 'no' })).toMatch(/^ENTRA_REQUIRE_NONCE /);
    expect(refusal({ ...base, SESSION_MAX_AGE: '1h' })).toMatch(/^SESSION_MAX_AGE /);
    expect(refusal({ ...base, PORT: '70000' })).toMatch(/^PORT /);
    expect(refusal({ ...base, ALLOWED_ORIGINS: 'https://a.example/path' })).toMatch(/^ALLOWED_ORIGINS /);
    expect(refusal({ ...base, ENTRA_ALLOWED_TENANTS: 'contoso', ENTRA_TENANT_ID: 'common' })).toMatch(
      /^ENTRA_ALLOWED_TENANTS /,
    );
    expect(refusal({ ...base, ENTRA_AUTHORITY_HOST: 'http://login.example.com' })).toMatch(/^ENTRA_AUTHORITY_HOST /);
    expect(refusal({ ...base, ENTRA_AUTHORITY_HOST: 'https://login.example.com/tenant' })).toMatch(
      /^ENTRA_AUTHORITY_HOST /,
    );
  });

  it('takes ENTRA_API_SCOPE as the bare scope name that scp carries', () => {
    expect(loadConfig({ ...base, ENTRA_API_SCOPE: 'Tasks.ReadWrite' }).apiScope).toBe('Tasks.ReadWrite');
    expect(refusal({ ...base, ENTRA_API_SCOPE: `api://${base.ENTRA_CLIENT_ID}/access_as_user` })).toMatch(
      /^ENTRA_API_SCOPE .*not the full api:\/\/ URI/,
    );
    for (const scope of ['two scopes', 'quo"te'])
      expect(refusal({ ...base, ENTRA_API_SCOPE: scope })).toMatch(/^ENTRA_API_SCOPE /);
  });

  it('counts secret bytes, not characters', () => {
    expect(refusal({ ...base, SESSION_SECRET: 'é'.repeat(15) })).toMatch(/^SESSION_SECRET/);
    expect(loadConfig({ ...base, SESSION_SECRET: 'é'.repeat(16) }).sessionSecrets).toEqual(['é'.repeat(16)]);
  });

  it('requires secrets and https in production, and a local authority only outside it', () => {
    const production = { ...base, NODE_ENV: 'production' };
    expect(refusal({ ...production, SESSION_SECRET: '' })).toBe('SESSION_SECRET is required in production');
    expect(refusal({ ...production, ENTRA_AUTHORITY_HOST: 'http://localhost:3000' })).toMatch(
      /^ENTRA_AUTHORITY_HOST must be https in production/,
    );
    expect(loadConfig({ ...base, ENTRA_AUTHORITY_HOST: 'http://localhost:3000' }).authorityHost).toBe(
      'http://localhost:3000',
    );
  });

  it('takes only https ALLOWED_ORIGINS in production, loopback aside', () => {
    const production = { ...base, NODE_ENV: 'production' };
    for (const origin of ['http://www.example.com', 'http://10.0.0.5:8080', 'ftp://files.example.com']) {
      expect(refusal({ ...production, ALLOWED_ORIGINS: `https://a.example,${origin}` })).toBe(
        'ALLOWED_ORIGINS must list https origins in production (http only for localhost)',
      );
    }
    const local = 'https://www.example.com,http://localhost:8080,http://127.0.0.1:5173,http://[::1]:3000';
    expect(loadConfig({ ...production, ALLOWED_ORIGINS: local }).allowedOrigins).toEqual(local.split(','));
    // Outside production, a plain-http page on another machine of a test network is fine.
    expect(loadConfig({ ...base, ALLOWED_ORIGINS: 'http://www.example.com' }).allowedOrigins).toEqual([
      'http://www.example.com',
    ]);
  });

  it('generates a random session secret outside production', () => {
    const { SESSION_SECRET: _, ...withoutSecret } = base;
    const [first] = loadConfig(withoutSecret).sessionSecrets;
    const [second] = loadConfig(withoutSecret).sessionSecrets;
    expect(first).not.toBe(second);
    expect(Buffer.byteLength(first!)).toBeGreaterThanOrEqual(32);
  });

  it('reads multi-tenant modes and consumers', () => {
    expect(loadConfig({ ...base, ENTRA_TENANT_ID: 'Organizations' }).tenant).toMatchObject({
      kind: 'multi',
      tenant: 'organizations',
    });
    expect(loadConfig({ ...base, ENTRA_TENANT_ID: 'consumers' })).toMatchObject({
      authority: 'https://login.microsoftonline.com/consumers',
      tenant: { kind: 'single', tenant: 'consumers' },
    });
  });

  it('reads ENTRA_AUTHORITY: the full authority of External ID or any other, one tenant segment', () => {
    const { ENTRA_TENANT_ID: _, ...withoutTenant } = base;
    const externalId = `https://contoso.ciamlogin.com/${base.ENTRA_TENANT_ID}`;
    expect(loadConfig({ ...withoutTenant, ENTRA_AUTHORITY: `${externalId}/` })).toMatchObject({
      authority: externalId,
      authorityHost: 'https://contoso.ciamlogin.com',
      v1IssuerHost: 'https://sts.windows.net',
      tenant: { kind: 'single', tenant: base.ENTRA_TENANT_ID },
    });
    // The tenant may be repeated in ENTRA_TENANT_ID, but not contradicted; the host is the authority's own.
    expect(loadConfig({ ...base, ENTRA_AUTHORITY: externalId }).authority).toBe(externalId);
    expect(refusal({ ...base, ENTRA_AUTHORITY: 'https://contoso.ciamlogin.com/other.onmicrosoft.com' })).toMatch(
      /^ENTRA_TENANT_ID must match the tenant of ENTRA_AUTHORITY/,
    );
    expect(refusal({ ...withoutTenant, ENTRA_AUTHORITY: externalId, ENTRA_AUTHORITY_HOST: 'https://x.test' })).toMatch(
      /^ENTRA_AUTHORITY_HOST must not be set with ENTRA_AUTHORITY/,
    );
    for (const malformed of [
      'https://contoso.ciamlogin.com',
      'https://contoso.ciamlogin.com/a/b',
      'https://contoso.ciamlogin.com/not a tenant',
      `${externalId}?p=1`,
      'contoso.ciamlogin.com/tenant',
      `http://contoso.ciamlogin.com/${base.ENTRA_TENANT_ID}`,
    ]) {
      expect(refusal({ ...withoutTenant, ENTRA_AUTHORITY: malformed })).toMatch(/^ENTRA_AUTHORITY /);
    }
    // A local authority only outside production, as for ENTRA_AUTHORITY_HOST.
    const local = `http://localhost:3000/${base.ENTRA_TENANT_ID}`;
    expect(loadConfig({ ...withoutTenant, ENTRA_AUTHORITY: local }).authority).toBe(local);
    expect(refusal({ ...withoutTenant, ENTRA_AUTHORITY: local, NODE_ENV: 'production' })).toBe(
      'ENTRA_AUTHORITY must be https in production',
    );
    expect(refusal(withoutTenant)).toBe('ENTRA_TENANT_ID is required (or ENTRA_AUTHORITY)');
  });

  it('knows each cloud’s v1 issuer host, and takes ENTRA_V1_ISSUER_HOST over it', () => {
    const v1Of = (host: string) => loadConfig({ ...base, ENTRA_AUTHORITY_HOST: host }).v1IssuerHost;
    expect(v1Of('https://login.microsoftonline.us')).toBe('https://sts.windows.net');
    expect(v1Of('https://login.partner.microsoftonline.cn')).toBe('https://sts.chinacloudapi.cn');
    expect(loadConfig({ ...base, ENTRA_V1_ISSUER_HOST: 'https://sts.example.test/' }).v1IssuerHost).toBe(
      'https://sts.example.test',
    );
  });

  it('takes the client id in any case, as the lower-case GUID Entra puts in aud', () => {
    const config = loadConfig({ ...base, ENTRA_CLIENT_ID: base.ENTRA_CLIENT_ID.toUpperCase() });
    expect(config.clientId).toBe(base.ENTRA_CLIENT_ID.toLowerCase());
    expect(config.apiAudiences).toEqual([`api://${config.clientId}`, config.clientId]);
  });

  it('reads SESSION_IDLE_TIMEOUT: an hour, or SESSION_MAX_AGE when shorter, and never above it', () => {
    expect(loadConfig(base).sessionIdleTimeout).toBe(3600);
    expect(loadConfig({ ...base, SESSION_MAX_AGE: '600' }).sessionIdleTimeout).toBe(600);
    expect(loadConfig({ ...base, SESSION_IDLE_TIMEOUT: '900' }).sessionIdleTimeout).toBe(900);
    expect(refusal({ ...base, SESSION_MAX_AGE: '600', SESSION_IDLE_TIMEOUT: '900' })).toMatch(
      /^SESSION_IDLE_TIMEOUT must not exceed SESSION_MAX_AGE/,
    );
    for (const idle of ['30', '1h', '-5'])
      expect(refusal({ ...base, SESSION_IDLE_TIMEOUT: idle })).toMatch(/^SESSION_IDLE_TIMEOUT /);
  });

  it('reads REDIS_URL: redis:// or rediss://, a database number as the only path', () => {
    expect(loadConfig(base).redisUrl).toBeUndefined();
    expect(loadConfig({ ...base, REDIS_URL: ' redis://:pw@cache:6379/2 ' }).redisUrl).toBe('redis://:pw@cache:6379/2');
    expect(loadConfig({ ...base, REDIS_URL: 'rediss://cache.example.com' }).redisUrl).toBe(
      'rediss://cache.example.com',
    );
    for (const url of ['cache:6379', 'http://cache:6379', 'redis://cache:6379/sessions'])
      expect(refusal({ ...base, REDIS_URL: url }), url).toMatch(/^REDIS_URL /);
  });

  it('reads TASK_QUOTA: 1000 by default, a whole number from 1', () => {
    expect(loadConfig(base).taskQuota).toBe(1000);
    expect(loadConfig({ ...base, TASK_QUOTA: '3' }).taskQuota).toBe(3);
    for (const quota of ['0', '-1', '2.5', 'many', '1e3'])
      expect(refusal({ ...base, TASK_QUOTA: quota }), quota).toMatch(/^TASK_QUOTA /);
  });

  it('reads TRUST_PROXY: none by default, addresses, CIDR ranges and named ranges, or a hop count', () => {
    expect(loadConfig(base).trustProxy).toEqual([]);
    expect(loadConfig({ ...base, TRUST_PROXY: ' 10.0.0.1, 192.168.0.0/16,::1 ,fd00::/8' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
    ]);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback,linklocal,uniquelocal' }).trustProxy).toEqual([
      'loopback',
      'linklocal',
      'uniquelocal',
    ]);
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    for (const value of ['true', '*', 'proxy.example.com', '10.0.0.0/33', '1.2.3', 'loopback,10', '-1', '1.5', '33'])
      expect(refusal({ ...base, TRUST_PROXY: value }), value).toMatch(/^TRUST_PROXY /);
  });

  it('reads LOG_LEVEL: info by default, one of pino’s levels or silent, in any case', () => {
    expect(loadConfig(base).logLevel).toBe('info');
    expect(loadConfig({ ...base, LOG_LEVEL: ' WARN ' }).logLevel).toBe('warn');
    for (const level of ['fatal', 'error', 'debug', 'trace', 'silent'])
      expect(loadConfig({ ...base, LOG_LEVEL: level }).logLevel).toBe(level);
    for (const level of ['verbose', 'warning', '30'])
      expect(refusal({ ...base, LOG_LEVEL: level }), level).toBe(
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      );
  });

  it('reads METRICS_TOKEN: none by default, else at least 32 bytes of printable ASCII', () => {
    expect(loadConfig(base).metricsToken).toBeUndefined();
    expect(loadConfig({ ...base, METRICS_TOKEN: 'm'.repeat(32) }).metricsToken).toBe('m'.repeat(32));
    expect(refusal({ ...base, METRICS_TOKEN: 'm'.repeat(31) })).toBe('METRICS_TOKEN must be at least 32 bytes');
    expect(refusal({ ...base, METRICS_TOKEN: `${'m'.repeat(32)} x` })).toMatch(/^METRICS_TOKEN /);
    expect(refusal({ ...base, METRICS_TOKEN: `${'m'.repeat(32)}é` })).toMatch(/^METRICS_TOKEN /);
  });
});

describe('npm start with a bad configuration', () => {
  it('prints one line naming the variable and exits non-zero', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, ...base, NODE_ENV: 'production', SESSION_SECRET: 'too-short' },
    });
    const failure = await run.then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split('\n')).toEqual([
      'Configuration error: SESSION_SECRET must be at least 32 bytes (each key of the list). See docs/configuration.md.',
    ]);
  });
});

// DEV_IDP_MODE: its validation and the ENTRA_* settings of each kind of deployment it stands for.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { entraSettingsFor, readDevIdpMode } from './mode.ts';

const idp = {
  clientId: '5d1c0b6e-7a43-4f5e-9c2d-8e1f0a9b3c47',
  tenantId: '0b1d5e0c-3f2a-4c6e-9d8b-7a5f4e3d2c1b',
  externalTenantId: '6c2f8e4a-9b1d-4f3e-a5c7-2d8b0e6f4a19',
};
const origin = 'http://localhost:3000';

describe('readDevIdpMode()', () => {
  it('defaults to workforce and accepts each mode, in any case', () => {
    expect(readDevIdpMode(undefined)).toBe('workforce');
    expect(readDevIdpMode('')).toBe('workforce');
    for (const mode of ['workforce', 'external-id', 'consumers', 'common'] as const) {
      expect(readDevIdpMode(mode)).toBe(mode);
      expect(readDevIdpMode(` ${mode.toUpperCase()} `)).toBe(mode);
    }
  });

  it('stops start-up on anything else with one line naming DEV_IDP_MODE', () => {
    for (const value of ['organizations', 'b2c', 'externalid']) {
      expect(() => readDevIdpMode(value)).toThrow(ConfigError);
      expect(() => readDevIdpMode(value)).toThrow(
        `DEV_IDP_MODE must be one of workforce, external-id, consumers, common (default workforce), got "${value}"`,
      );
    }
  });
});

describe('entraSettingsFor()', () => {
  it('workforce: the tenant GUID on the provider’s host', () => {
    expect(entraSettingsFor('workforce', idp, origin)).toEqual({
      ENTRA_CLIENT_ID: idp.clientId,
      ENTRA_TENANT_ID: idp.tenantId,
      ENTRA_AUTHORITY_HOST: origin,
      ENTRA_AUTHORITY: undefined,
    });
  });

  it('external-id: only the full authority, as https://{subdomain}.ciamlogin.com/{tenant id} would be', () => {
    expect(entraSettingsFor('external-id', idp, origin)).toEqual({
      ENTRA_CLIENT_ID: idp.clientId,
      ENTRA_AUTHORITY: `${origin}/${idp.externalTenantId}`,
      ENTRA_TENANT_ID: undefined,
      ENTRA_AUTHORITY_HOST: undefined,
    });
  });

  it('consumers and common: the multi-tenant segment on the provider’s host', () => {
    for (const mode of ['consumers', 'common'] as const) {
      expect(entraSettingsFor(mode, idp, origin)).toEqual({
        ENTRA_CLIENT_ID: idp.clientId,
        ENTRA_TENANT_ID: mode,
        ENTRA_AUTHORITY_HOST: origin,
        ENTRA_AUTHORITY: undefined,
      });
    }
  });
});

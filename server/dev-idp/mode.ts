// DEV_IDP_MODE: which kind of Microsoft account `npm run dev` emulates, and the API settings a real deployment
// of that kind would have.
import { ConfigError } from '../config.ts';

export const devIdpModes = ['workforce', 'external-id', 'consumers', 'common'] as const;
export type DevIdpMode = (typeof devIdpModes)[number];

const defaultMode: DevIdpMode = 'workforce';

/** Reads DEV_IDP_MODE (unset or empty: workforce); anything else stops start-up with one line naming it. */
export function readDevIdpMode(value: string | undefined): DevIdpMode {
  const mode = value?.trim().toLowerCase() || defaultMode;
  if (!(devIdpModes as readonly string[]).includes(mode)) {
    throw new ConfigError(
      `DEV_IDP_MODE must be one of ${devIdpModes.join(', ')} (default ${defaultMode}), got ${JSON.stringify(value)}`,
    );
  }
  return mode as DevIdpMode;
}

/**
 * The ENTRA_* variables of a deployment of this kind, pointed at the provider on `origin`:
 * - workforce: the tenant GUID on the provider's host (as `https://login.microsoftonline.com/{tid}`);
 * - external-id: the full authority `{origin}/{external tenant id}` (as `https://{subdomain}.ciamlogin.com/{tid}`);
 *   the server reads issuer and jwks_uri from its discovery document, whose issuer is on another host;
 * - consumers, common: the multi-tenant segment on the provider's host.
 * Unset variables are given as undefined, so that a value from the environment cannot leak into another mode.
 */
export function entraSettingsFor(
  mode: DevIdpMode,
  idp: { clientId: string; tenantId: string; externalTenantId: string },
  origin: string,
): Record<string, string | undefined> {
  const client = { ENTRA_CLIENT_ID: idp.clientId };
  switch (mode) {
    case 'workforce':
      return { ...client, ENTRA_TENANT_ID: idp.tenantId, ENTRA_AUTHORITY_HOST: origin, ENTRA_AUTHORITY: undefined };
    case 'external-id':
      return {
        ...client,
        ENTRA_AUTHORITY: `${origin}/${idp.externalTenantId}`,
        ENTRA_TENANT_ID: undefined,
        ENTRA_AUTHORITY_HOST: undefined,
      };
    case 'consumers':
    case 'common':
      return { ...client, ENTRA_TENANT_ID: mode, ENTRA_AUTHORITY_HOST: origin, ENTRA_AUTHORITY: undefined };
  }
}

// Microsoft gives personal accounts an opaque Graph access token (encrypted, not a JWT): only Graph can read it.
// Here: `EwA` (the prefix Microsoft's carry) and AES-256-GCM of the few claims the Graph stand-in needs, under a
// key made when the provider starts, so that no one else can read or forge one.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface PersonalGraphClaims {
  oid: string;
  /** Space-separated delegated scopes. */
  scp: string;
  /** Seconds since the epoch. */
  exp: number;
}

const prefix = 'EwA';

/** The opaque token for `claims`. */
export function sealPersonalGraphToken(key: Buffer, claims: PersonalGraphClaims): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(claims), 'utf8'), cipher.final()]);
  return prefix + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The claims of a token sealed with `key`, or undefined for anything else (another key, edited, not ours). */
export function openPersonalGraphToken(key: Buffer, token: string): PersonalGraphClaims | undefined {
  if (!token.startsWith(prefix)) return undefined;
  const bytes = Buffer.from(token.slice(prefix.length), 'base64url');
  if (bytes.length < 29) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as PersonalGraphClaims;
  } catch {
    return undefined; // the tag did not match: forged or edited
  }
}

// A throw-away self-signed TLS certificate for localhost and 127.0.0.1, made by the openssl command line.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface Certificate {
  /** PEM files, for nginx (`ssl_certificate`) and Node (`NODE_EXTRA_CA_CERTS`, which trusts it). */
  certPath: string;
  keyPath: string;
  /** The same PEM text, for `https.createServer`. */
  cert: string;
  key: string;
}

/**
 * Writes `cert.pem` and `key.pem` into `dir`: one day, RSA 2048, subjectAltName localhost and 127.0.0.1
 * (clients match names against the SAN, not the CN).
 */
export async function selfSignedCertificate(dir: string): Promise<Certificate> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    keyPath,
    '-out',
    certPath,
  ]);
  return { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}

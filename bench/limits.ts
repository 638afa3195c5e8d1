// The crypto limits on one core, for `npm run bench`: signature checks per second with node:crypto and with jose.
import { createHmac, generateKeyPairSync, sign, timingSafeEqual, verify } from 'node:crypto';
import { exportJWK, importJWK, jwtVerify, SignJWT } from 'jose';

const seconds = 1.5;
/** How many times `work` completes per second, run back to back (awaited when it returns a promise). */
async function rate(work: () => unknown): Promise<number> {
  let count = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i += 1) await work();
    count += 50;
  }
  return Math.round(count / seconds);
}

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const data = Buffer.from('x'.repeat(600));
const signature = sign('sha256', data, privateKey);
const secret = Buffer.from('bench-session-secret-of-at-least-32-bytes!');
const mac = createHmac('sha256', secret).update(data).digest();

const rsaKey = await importJWK({ ...(await exportJWK(publicKey)), alg: 'RS256' }, 'RS256');
const rsToken = await new SignJWT({ sub: 'x' })
  .setProtectedHeader({ alg: 'RS256' })
  .setExpirationTime('1h')
  .sign(privateKey);
const hsKey = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
  'sign',
  'verify',
]);
const hsToken = await new SignJWT({ sub: 'x' })
  .setProtectedHeader({ alg: 'HS256' })
  .setExpirationTime('1h')
  .sign(hsKey);

console.log(
  JSON.stringify({
    nodeRs256: await rate(() => verify('sha256', data, publicKey, signature)),
    nodeHmacSha256: await rate(() => timingSafeEqual(createHmac('sha256', secret).update(data).digest(), mac)),
    joseRs256: await rate(() => jwtVerify(rsToken, rsaKey)),
    joseHs256: await rate(() => jwtVerify(hsToken, hsKey)),
  }),
);

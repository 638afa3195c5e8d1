// The benchmark's target, in its own process so the load generator does not share its thread: the real app
// against an Entra stand-in. Prints one JSON line with its URL, a session cookie and an ID token. Sessions live
// in SQLite, or in Redis when REDIS_URL is set.
import { startEntraSigner } from '../test/support/entra-signer.ts';
import { startTestApp } from '../test/support/test-app.ts';

const signer = await startEntraSigner();
// No nonce, so one token can be posted again and again; no rate limit, to measure the code, not the limiter.
const env = { ENTRA_REQUIRE_NONCE: 'false', ...(process.env.REDIS_URL && { REDIS_URL: process.env.REDIS_URL }) };
const app = await startTestApp(signer, env, { rateLimits: { signIn: 1e9, nonce: 1e9 } });
const { sessionCookie } = await app.signIn();
const idToken = await signer.sign(signer.idTokenClaims());
console.log(JSON.stringify({ url: app.url, sessionCookie, idToken }));

// Where a request's time goes: runs the bundled product under `node --cpu-prof` (server on core 0, autocannon on
// core 1), loads one scenario of `npm run bench`, and prints the functions with the most self time, then the
// packages. `npx tsx bench/profile.ts [healthz|me|anonymous|sign-in|check] [seconds] [product|hono]` (hono: the minimal
// Hono + jose peer, for comparison) [--no-profile] (the rate and CPU time only, without the profiler's own cost);
// the profile is left in
// dist/bench/profiles/ for Chrome's DevTools (Performance, "Load profile").
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EntraSigner } from '../test/support/entra-signer.ts';
import {
  buildBundles,
  forwardAuth,
  measure,
  measureWithCpu,
  peerEnv,
  pinLoadGenerator,
  productEnv,
  scenarios,
  startSubject,
  work,
} from './harness.ts';

const byShortName: Record<string, string> = {
  healthz: 'GET /healthz',
  me: 'GET /api/me with the session cookie',
  anonymous: 'GET /api/me, no cookie (401)',
  'sign-in': 'POST /auth/microsoft (RS256 ID token → session)',
  check: 'GET /auth/check with the session cookie (forward auth)',
};
const allScenarios = { ...scenarios, ...forwardAuth };
const profiling = !process.argv.includes('--no-profile');
const [which = 'me', seconds = '5', server = 'product'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const name = byShortName[which];
if (!name) throw new Error(`bench/profile.ts: one of ${Object.keys(byShortName).join(', ')}`);

pinLoadGenerator();
buildBundles({ readable: true });
const profiles = join(work, 'profiles');
rmSync(profiles, { recursive: true, force: true });
const env = server === 'hono' ? peerEnv : (signer: EntraSigner) => productEnv(signer);
const subject = await startSubject(server, join(work, `${server}.js`), env, {
  nodeOptions: profiling ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [],
});
await measure(subject, name, allScenarios[name]!, 2); // warm-up: the JIT settles first
const { rate, cpuUsPerRequest } = await measureWithCpu(subject, name, allScenarios[name]!, Number(seconds));
await subject.stop();
await subject.signer.close();
if (!profiling) {
  console.log(`${name}: ${Math.round(rate)} req/s, ${cpuUsPerRequest} µs CPU per request`);
  process.exit(0);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
// The main thread's profile: thread 0 (the checkpoint thread writes one of its own).
const file = join(
  profiles,
  readdirSync(profiles).find((name) => /\.0\.\d+\.cpuprofile$/.test(name))!,
);
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const hits = new Map<number, number>();
profile.samples.forEach((id, i) => hits.set(id, (hits.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...hits.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const node of profile.nodes) {
  const time = hits.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.split('/').slice(-1)[0]}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  const pack = url.startsWith('node:') ? url : url ? 'product bundle' : functionName;
  byPackage.set(pack, (byPackage.get(pack) ?? 0) + time);
}
const top = (map: Map<string, number>, count: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, time]) => ({ '%': Math.round((time / total) * 1000) / 10, where: key }));
console.log(`${name}: ${Math.round(rate)} req/s, ${cpuUsPerRequest} µs CPU per request; profile: ${file}`);
console.table(top(byFunction, 30));
console.table(top(byPackage, 12));
process.exit(0); // autocannon's and the stand-in's handles would keep the process alive

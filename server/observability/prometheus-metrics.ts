// The server's metrics in prom-client, loaded only when METRICS_TOKEN lets GET /metrics serve them (metrics.ts).
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Metrics } from './metrics.ts';

/**
 * A fresh registry with the server's metrics. Every label value comes from a bounded set (codes, route
 * patterns, methods), never from a raw path or a header, so a client cannot grow the registry. prom-client's
 * default process metrics (CPU, memory, event loop lag) come too.
 */
export function createPrometheusMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counters = {
    signIns: new Counter({
      name: 'ms_signin_sign_ins_total',
      help: 'Sign-ins (POST /auth/microsoft) by outcome: success, or the error code',
      labelNames: ['outcome'],
      registers,
    }),
    sessionChecks: new Counter({
      name: 'ms_signin_session_checks_total',
      help: 'Session cookie checks by result: valid, or the error code',
      labelNames: ['result'],
      registers,
    }),
    jwksFetches: new Counter({
      name: 'ms_signin_jwks_fetches_total',
      help: "Fetches of the identity provider's signing keys (JWKS) by result: success or failure",
      labelNames: ['result'],
      registers,
    }),
  };
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request durations in seconds by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  // The usual outcomes start at 0 rather than appear at their first event: a rate() over them works from the start.
  counters.signIns.inc({ outcome: 'success' }, 0);
  counters.sessionChecks.inc({ result: 'valid' }, 0);
  for (const result of ['success', 'failure']) counters.jwksFetches.inc({ result }, 0);
  return { registry, ...counters, requestDuration };
}

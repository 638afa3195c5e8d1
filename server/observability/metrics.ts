// The server's Prometheus metrics (prom-client), in a registry of the app's own: sign-ins, session checks,
// JWKS fetches, request durations. Served by GET /metrics (routes/metrics.ts).
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** `POST /auth/microsoft` answers by `outcome`: `success`, or the error code (`nonce_used`, `rate_limited`, …). */
  signIns: Counter<'outcome'>;
  /** Session cookie checks by `result`: `valid`, or the error code (`session_expired`, `store_unavailable`, …). */
  sessionChecks: Counter<'result'>;
  /** Fetches of the identity provider's signing keys by `result`: `success` or `failure`. */
  jwksFetches: Counter<'result'>;
  /** Seconds from request to response, by method, route pattern (`/api/tasks/:id`) and status. */
  requestDuration: Histogram<'method' | 'route' | 'status'>;
}

/**
 * A fresh set of metrics. Every label value comes from a bounded set (codes, route patterns, methods), never
 * from a raw path or a header, so a client cannot grow the registry. `processMetrics` adds prom-client's
 * default ones (CPU, memory, event loop lag): only when they will be served, as each set starts its own
 * event-loop monitor.
 */
export function createMetrics(options: { processMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics: Metrics = {
    registry,
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
    requestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request durations in seconds by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
  };
  // The usual outcomes start at 0 rather than appear at their first event: a rate() over them works from the start.
  metrics.signIns.inc({ outcome: 'success' }, 0);
  metrics.sessionChecks.inc({ result: 'valid' }, 0);
  for (const result of ['success', 'failure']) metrics.jwksFetches.inc({ result }, 0);
  return metrics;
}

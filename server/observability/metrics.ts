// The server's Prometheus metrics (prom-client), in a registry of the app's own: sign-ins, session checks,
// JWKS fetches, request durations. Served by GET /metrics (routes/metrics.ts), and only counted when served.
import type { Registry } from 'prom-client';

/** A counter as the request path uses it (prom-client's `Counter`, or one that counts nothing). */
export interface Count<Label extends string> {
  inc(labels: Partial<Record<Label, string>>, value?: number): void;
}

/** A histogram as the request path uses it (prom-client's `Histogram`, or one that records nothing). */
export interface Observation<Label extends string> {
  observe(labels: Partial<Record<Label, string | number>>, value: number): void;
}

export interface Metrics {
  /** The registry GET /metrics serves; undefined when nothing is counted (no METRICS_TOKEN). */
  registry: Registry | undefined;
  /** `POST /auth/microsoft` answers by `outcome`: `success`, or the error code (`nonce_used`, `rate_limited`, …). */
  signIns: Count<'outcome'>;
  /** Session cookie checks by `result`: `valid`, or the error code (`session_expired`, `store_unavailable`, …). */
  sessionChecks: Count<'result'>;
  /** Fetches of the identity provider's signing keys by `result`: `success` or `failure`. */
  jwksFetches: Count<'result'>;
  /** Seconds from request to response, by method, route pattern (`/api/tasks/:id`) and status. */
  requestDuration: Observation<'method' | 'route' | 'status'>;
}

const nothing = { inc() {}, observe() {} };

/**
 * Metrics that count nothing, for a server without METRICS_TOKEN: nobody can read them, so no request pays
 * for a histogram and prom-client is never loaded (docs/benchmarks.md: start-up and `/healthz`).
 */
export const uncounted: Metrics = {
  registry: undefined,
  signIns: nothing,
  sessionChecks: nothing,
  jwksFetches: nothing,
  requestDuration: nothing,
};

/**
 * The metrics of a server that serves them: `uncounted` unless `served`; prom-client is loaded only then
 * (prometheus-metrics.ts, a chunk of its own in the production bundle).
 */
export async function createMetrics(options: { served: boolean }): Promise<Metrics> {
  if (!options.served) return uncounted;
  const { createPrometheusMetrics } = await import('./prometheus-metrics.ts');
  return createPrometheusMetrics();
}

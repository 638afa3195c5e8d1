// GET /metrics: the Prometheus text format, only for a scraper holding METRICS_TOKEN.
import { Hono } from 'hono';
import { errorResponse } from '../errors.ts';
import type { Registry } from 'prom-client';
import { safeEqual } from '../safe-equal.ts';

/**
 * Serves the metrics of `registry` to requests carrying `Authorization: Bearer <token>` (compared in constant time); any
 * other gets 401. Mount it only when METRICS_TOKEN is set: without one, /metrics is an ordinary 404 and
 * does not advertise itself.
 *
 * @example if (config.metricsToken && metrics.registry) app.route('/metrics', metricsRoutes(metrics.registry, config.metricsToken));
 */
export function metricsRoutes(registry: Registry, token: string) {
  const expected = `Bearer ${token}`;
  return new Hono().get('/', async (c) => {
    if (!safeEqual(c.req.header('Authorization') ?? '', expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return errorResponse(c, 401, 'metrics_token_invalid', 'Send METRICS_TOKEN as "Authorization: Bearer <token>".');
    }
    c.header('Cache-Control', 'no-store');
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
  });
}

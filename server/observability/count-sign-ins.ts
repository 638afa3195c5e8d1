// Counts sign-ins (POST /auth/microsoft) by outcome, from the response each one got.
import type { MiddlewareHandler } from 'hono';
import type { ErrorCodeVariables } from '../errors.ts';
import type { Metrics } from './metrics.ts';

/**
 * Counts each POST in `ms_signin_sign_ins_total`: outcome `success` for a 200, else the response's error
 * code (`nonce_used`, `rate_limited`, `idp_unavailable`, …), whichever step refused it.
 *
 * @example app.use('/auth/microsoft', countSignIns(metrics))
 */
export function countSignIns(metrics: Metrics): MiddlewareHandler<{ Variables: ErrorCodeVariables }> {
  return async function countSignIns(c, next) {
    await next();
    if (c.req.method !== 'POST') return;
    const { status } = c.res;
    // Every error response names its code (errors.ts); the status is a fallback that stays bounded.
    metrics.signIns.inc({ outcome: status === 200 ? 'success' : (c.get('errorCode') ?? `http_${status}`) });
  };
}

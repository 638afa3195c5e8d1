// Per-address request budgets, so one client cannot flood sign-in or exhaust the server.
import type { MiddlewareHandler } from 'hono';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError, StoreUnavailableError } from '../errors.ts';
import { clientOf } from './client-request.ts';
import { rateLimitKey } from './rate-limit-key.ts';

/**
 * Spends one point of `limiter` (rate-limiter-flexible: in memory, or in Redis shared by every instance)
 * per request from a client address; when none is left, throws a 429 with `Retry-After`. A limiter whose
 * store cannot be reached throws a {@link StoreUnavailableError} (503): no request passes uncounted.
 *
 * The address is client-request.ts's: `X-Forwarded-For` counts only when a trusted proxy (TRUST_PROXY)
 * wrote it, so a client cannot buy itself a fresh budget by making addresses up; and an IPv6 client is counted
 * by its /64 (rate-limit-key.ts), so it cannot buy one by taking another address of its own network.
 */
export function rateLimit(limiter: RateLimiterAbstract): MiddlewareHandler {
  return async function rateLimit(c, next) {
    try {
      const { remainingPoints, msBeforeNext } = await limiter.consume(rateLimitKey(clientOf(c).address));
      c.header('RateLimit-Limit', String(limiter.points));
      c.header('RateLimit-Remaining', String(remainingPoints));
      c.header('RateLimit-Reset', String(Math.ceil(msBeforeNext / 1000)));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw new StoreUnavailableError({ cause: rejection });
      throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    }
    return next();
  };
}

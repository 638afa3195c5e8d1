// Per-address request budgets, so one client cannot flood sign-in or exhaust the server.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { errorResponse } from '../errors.ts';

/**
 * Allows `limit` requests a minute from one client address, then answers 429 with `Retry-After`.
 * Counts live in memory, one entry per address and minute, so memory stays bounded.
 * Behind a proxy every client shares the proxy's address: put the budget at the proxy instead.
 */
export function limitPerMinute(limit: number): MiddlewareHandler {
  return rateLimiter({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => clientAddress(c),
    handler: (c) => errorResponse(c, 429, 'rate_limited', 'Too many attempts. Wait a minute, then try again.'),
  });
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not behind a Node socket (app.request in tests): one shared budget
  }
}

import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { Problem } from '../errors/problem.ts';
import type { Clock } from '../time/clock.ts';
import { TokenBuckets } from './token-buckets.ts';
import '../context.ts';

export interface RateLimitOptions {
  /** Sustained requests per second per credential. */
  perSecond: number;
  /** Bucket size: how many requests may come at once. */
  burst: number;
  /** Buckets kept before idle (full) ones are dropped. */
  maxBuckets?: number;
  clock: Clock;
}

/**
 * Token bucket per credential (`c.var.credential`, set by the auth middleware before it); an
 * empty bucket answers 429 with `Retry-After`. Buckets live in this process, so with several
 * nodes each allows the rate on its own.
 *
 * @example
 * app.use('/v1/me/*', widgetAuth({ keys, clock }), rateLimit({ perSecond: 20, burst: 100, clock }));
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const buckets = new TokenBuckets(options);
  return createMiddleware(async function rateLimit(c, next) {
    const credential = c.get('credential');
    if (credential === undefined) return next();
    if (!buckets.take(credential)) {
      const wait = buckets.waitFor(credential);
      throw new Problem({
        status: 429,
        slug: 'rate-limited',
        title: 'Too many requests',
        detail: `This credential may send ${buckets.perSecond} requests per second (bursts of ${buckets.burst}); retry in ${wait} s.`,
        headers: { 'retry-after': String(wait) },
      });
    }
    await next();
  });
}

import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { Problem } from '../errors/problem.ts';
import '../context.ts';

export interface RateLimitOptions {
  /** Sustained requests per second per credential. */
  perSecond: number;
  /** Bucket size: how many requests may come at once. */
  burst: number;
  /** Buckets kept before idle (full) ones are dropped. */
  maxBuckets?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token bucket per credential (`c.var.credential`, set by the auth middleware before it); an
 * empty bucket answers 429 with `Retry-After`. Buckets live in this process, so with several
 * nodes each allows the rate on its own.
 *
 * @example
 * app.use('/v1/me/*', widgetAuth({ keys }), rateLimit({ perSecond: 20, burst: 100 }));
 */
export function rateLimit({ perSecond, burst, maxBuckets = 100_000 }: RateLimitOptions): MiddlewareHandler {
  const buckets = new Map<string, Bucket>();
  return createMiddleware(async function rateLimit(c, next) {
    const credential = c.get('credential');
    if (credential === undefined) return next();
    const now = performance.now();
    let bucket = buckets.get(credential);
    if (!bucket) {
      if (buckets.size >= maxBuckets) evict(buckets, now, perSecond, burst, maxBuckets);
      buckets.set(credential, (bucket = { tokens: burst, at: now }));
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      throw new Problem({
        status: 429,
        slug: 'rate-limited',
        title: 'Too many requests',
        detail: `This credential may send ${perSecond} requests per second (bursts of ${burst}); retry in ${wait} s.`,
        headers: { 'retry-after': String(wait) },
      });
    }
    bucket.tokens -= 1;
    await next();
  });
}

function evict(buckets: Map<string, Bucket>, now: number, perSecond: number, burst: number, maxBuckets: number): void {
  for (const [key, b] of buckets) {
    if (b.tokens + ((now - b.at) / 1000) * perSecond >= burst) buckets.delete(key);
  }
  // Everyone is busy: drop the oldest half rather than grow without bound.
  if (buckets.size >= maxBuckets) {
    let drop = Math.floor(buckets.size / 2);
    for (const key of buckets.keys()) {
      if (drop-- <= 0) break;
      buckets.delete(key);
    }
  }
}

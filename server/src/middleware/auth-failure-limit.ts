import type { HttpBindings } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { isProblem, Problem } from '../errors/problem.ts';
import type { Clock } from '../time/clock.ts';
import { TokenBuckets } from './token-buckets.ts';

export interface AuthFailureLimitOptions {
  /** Failed authentications forgiven per second per client address. */
  perSecond: number;
  /** How many may fail at once before the address must wait. */
  burst: number;
  clock: Clock;
}

/**
 * Put before authentication: each 401 costs the client's address a token, and an address with
 * none left gets 429 with `Retry-After` before any credential is looked at, so guessing keys or
 * replaying junk tokens costs neither database queries nor HMACs. Successful requests cost
 * nothing, so a proxy carrying many good clients is limited only by its failures.
 */
export function authFailureLimit(options: AuthFailureLimitOptions): MiddlewareHandler<{ Bindings: HttpBindings }> {
  const buckets = new TokenBuckets(options);
  return createMiddleware<{ Bindings: HttpBindings }>(async function authFailureLimit(c, next) {
    const address = c.env?.incoming?.socket.remoteAddress ?? 'unknown';
    const wait = buckets.waitFor(address);
    if (wait > 0) {
      throw new Problem({
        status: 429,
        slug: 'too-many-failed-authentications',
        title: 'Too many failed authentications',
        detail: `This address failed to authenticate too often (${options.burst} at once, then ${options.perSecond} per second); retry in ${wait} s.`,
        headers: { 'retry-after': String(wait) },
      });
    }
    try {
      await next();
    } catch (error) {
      if (isProblem(error) && error.status === 401) buckets.take(address);
      throw error;
    }
  });
}

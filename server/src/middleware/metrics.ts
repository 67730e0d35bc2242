import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { Metrics } from '../metrics.ts';

/**
 * Counts every response by method, route pattern and status, and times it.
 *
 * @example
 * app.use(requestMetrics({ metrics }));
 */
export function requestMetrics({ metrics }: { metrics: Metrics }): MiddlewareHandler {
  return createMiddleware(async function requestMetrics(c, next) {
    const start = performance.now();
    try {
      await next();
    } finally {
      const route = c.res.status === 404 && c.error === undefined ? 'unmatched' : routePath(c, -1);
      metrics.observeRequest(c.req.method, route, c.res.status, (performance.now() - start) / 1000);
    }
  });
}

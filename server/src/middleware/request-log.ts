import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Logger } from 'pino';
import '../context.ts';

export interface RequestLogOptions {
  logger: Logger;
}

/**
 * Gives every request a child logger carrying its request id (from hono/request-id), and logs
 * one line per response with status, duration and who called: the partner of a widget token or
 * the service key's id and role, so "partner X's widget fails" can be looked up.
 *
 * @example
 * app.use(requestId(), requestLog({ logger }));
 */
export function requestLog({ logger }: RequestLogOptions): MiddlewareHandler {
  return createMiddleware(async function requestLog(c, next) {
    const log = logger.child({ requestId: c.get('requestId') });
    c.set('log', log);
    const start = performance.now();
    await next();
    const key = c.get('serviceKey');
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
        ...(c.get('partnerId') === undefined ? {} : { partner: c.get('partnerId') }),
        ...(key === undefined ? {} : { key: key.id, role: key.role }),
      },
      'request',
    );
  });
}

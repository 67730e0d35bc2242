import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { verifyWidgetToken, WidgetTokenError, type WidgetTokenKeys } from '../auth/widget-token.ts';
import { unauthorized } from '../errors/problem.ts';
import '../context.ts';

export interface WidgetAuthOptions {
  keys: WidgetTokenKeys;
}

/**
 * Admits requests carrying a valid widget token (`Authorization: Bearer …`) and sets
 * `c.var.partnerId`; everything else gets 401 problem+json.
 *
 * @example
 * app.use('/v1/me/*', widgetAuth({ keys }));
 */
export function widgetAuth({ keys }: WidgetAuthOptions): MiddlewareHandler {
  return createMiddleware(async function widgetAuth(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw unauthorized('This route needs a widget token: send "Authorization: Bearer <token>".');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
    try {
      const { partnerId } = await verifyWidgetToken(keys, match[1]!);
      c.set('partnerId', partnerId);
    } catch (error) {
      if (error instanceof WidgetTokenError) throw unauthorized(error.message);
      throw error;
    }
    await next();
  });
}

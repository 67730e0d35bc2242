import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { verifyWidgetToken, WidgetTokenError, type VerifiedWidgetToken, type WidgetTokenKeys } from '../auth/widget-token.ts';
import { unauthorized } from '../errors/problem.ts';
import type { Clock } from '../time/clock.ts';
import '../context.ts';

export interface WidgetAuthOptions {
  keys: WidgetTokenKeys;
  /** Tokens are judged by its time. */
  clock: Clock;
  /** Verified tokens remembered until they expire, so a widget's repeated calls skip the HMAC. */
  cacheSize?: number;
}

/**
 * Admits requests carrying a valid widget token (`Authorization: Bearer …`) and sets
 * `c.var.partnerId` and `c.var.tokenExpiresAt`; everything else gets 401 problem+json.
 *
 * @example
 * app.use('/v1/me/*', widgetAuth({ keys, clock }));
 */
export function widgetAuth({ keys, clock, cacheSize = 10_000 }: WidgetAuthOptions): MiddlewareHandler {
  const verified = new Map<string, VerifiedWidgetToken>();
  const verify = async (token: string): Promise<VerifiedWidgetToken> => {
    const hit = verified.get(token);
    const now = clock.now();
    if (hit && hit.expiresAt > now) return hit;
    const result = await verifyWidgetToken(keys, token, now);
    verified.delete(token);
    if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
    verified.set(token, result);
    return result;
  };
  return createMiddleware(async function widgetAuth(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw unauthorized('This route needs a widget token: send "Authorization: Bearer <token>".');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
    const token = match[1]!;
    try {
      const { partnerId, expiresAt } = await verify(token);
      c.set('partnerId', partnerId);
      // One bucket per token, i.e. per browser session: every user of a large partner shares the
      // partner id, and must not share one rate. The signature names the token in 43 characters.
      c.set('credential', `token:${token.slice(token.lastIndexOf('.') + 1)}`);
      c.set('tokenExpiresAt', expiresAt);
    } catch (error) {
      if (error instanceof WidgetTokenError) throw unauthorized(error.message);
      throw error;
    }
    await next();
  });
}

import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ServiceKeyLookup } from '../auth/service-key-lookup.ts';
import type { ServiceRole } from '../auth/service-keys.ts';
import { forbidden, unauthorized } from '../errors/problem.ts';
import '../context.ts';

export interface ServiceAuthOptions {
  /** Finds live keys (and remembers unknown ones). */
  keys: ServiceKeyLookup;
  /** Roles admitted; any other valid key gets 403. */
  roles: readonly ServiceRole[];
}

/**
 * Admits requests carrying a live service key (`Authorization: Bearer sk_…`) of one of `roles`
 * and sets `c.var.serviceKey`. No credential, a widget token or an unknown key gets 401; a key
 * of another role gets 403.
 *
 * @example
 * app.use('/v1/partners/*', serviceAuth({ keys: new ServiceKeyLookup({ db, clock }), roles: ['portal', 'admin'] }));
 */
export function serviceAuth({ keys, roles }: ServiceAuthOptions): MiddlewareHandler {
  const allowed = roles.join(' or ');
  return createMiddleware(async function serviceAuth(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw unauthorized(`This route needs a ${allowed} service key: send "Authorization: Bearer sk_…".`);
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <key>".');
    const key = await keys.find(match[1]!);
    if (!key) throw unauthorized(`This route needs a live ${allowed} service key; widget tokens reach /v1/me only.`);
    if (!roles.includes(key.role)) throw forbidden(`A ${key.role} key may not call this route; it needs a ${allowed} key.`);
    c.set('serviceKey', key);
    c.set('credential', `key:${key.id}`);
    await next();
  });
}

import type { Logger } from 'pino';
import type { VerifiedServiceKey } from './auth/service-keys.ts';

// Typed context variables, set by middleware and read by routes.
declare module 'hono' {
  interface ContextVariableMap {
    /** The partner a widget token speaks for; set by `widgetAuth`. */
    partnerId: string;
    /** When that widget token expires; an event stream ends then. Set by `widgetAuth`. */
    tokenExpiresAt: Date;
    /** The service key of the request; set by `serviceAuth`. */
    serviceKey: VerifiedServiceKey;
    /** Who is calling, for rate limiting: `token:<signature>` (a widget session) or `key:<id>`. */
    credential: string;
    /** Per-request child logger carrying the request id. */
    log: Logger;
  }
}

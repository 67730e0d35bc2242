import type { Logger } from 'pino';

// Typed context variables, set by middleware and read by routes.
declare module 'hono' {
  interface ContextVariableMap {
    /** The partner a widget token speaks for; set by `widgetAuth`. */
    partnerId: string;
    /** Per-request child logger carrying the request id. */
    log: Logger;
  }
}

export {};

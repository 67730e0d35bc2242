import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { Problem } from '../errors/problem.ts';

/**
 * Refuses bodies over `maxBytes` with 413 problem+json, before they are read in full.
 *
 * @example
 * app.use('/v1/*', bodyLimit({ maxBytes: 65_536 }));
 */
export function bodyLimit({ maxBytes }: { maxBytes: number }): MiddlewareHandler {
  const limit = honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new Problem({
        status: 413,
        slug: 'payload-too-large',
        title: 'Payload too large',
        detail: `Bodies are limited to ${maxBytes} bytes.`,
      });
    },
  });
  // GET and HEAD carry no body; asking for one would make the Node adapter build a whole
  // `Request` for every read (and for every event stream, which then lives for hours).
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
}

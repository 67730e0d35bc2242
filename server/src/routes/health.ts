import { Hono } from 'hono';
import type { Database } from '../db/database.ts';
import { Problem } from '../errors/problem.ts';

/** `/healthz`: the process answers. `/readyz`: it can also reach its database. */
export function healthRoutes(database: Database): Hono {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      try {
        await database.ping();
      } catch (error) {
        throw new Problem({ status: 503, slug: 'unavailable', title: 'Service unavailable', detail: 'The database cannot be reached.', cause: error, headers: { 'retry-after': '5' } });
      }
      return c.json({ status: 'ready', database: database.kind });
    });
}

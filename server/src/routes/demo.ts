import { Hono } from 'hono';
import { mintWidgetToken, type WidgetTokenKeys } from '../auth/widget-token.ts';
import { notFound, Problem } from '../errors/problem.ts';
import type { Db } from '../db/database.ts';
import { partners } from '../db/schema.ts';
import { eq } from 'drizzle-orm';

/**
 * Demo mode only: hands out widget tokens for demo partners, standing in for a portal backend
 * that would mint them with its service key. Never mounted in production configuration.
 */
export function demoRoutes(db: Db, keys: WidgetTokenKeys): Hono {
  return new Hono()
    .get('/partners', async (c) => {
      const rows = await db.select({ id: partners.id, name: partners.name }).from(partners).orderBy(partners.name);
      return c.json({ partners: rows });
    })
    .get('/widget-token', async (c) => {
      const partnerId = c.req.query('partnerId');
      if (!partnerId) {
        throw new Problem({
          status: 400,
          slug: 'validation',
          title: 'Invalid request',
          detail: 'Query parameter "partnerId" is required.',
          errors: [{ pointer: '/partnerId', code: 'required', detail: 'required' }],
        });
      }
      const found = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId)).limit(1);
      if (found.length === 0) throw notFound(`No partner "${partnerId}".`);
      c.header('cache-control', 'no-store');
      return c.json(await mintWidgetToken({ keys, partnerId, ttlSeconds: 900 }));
    });
}

import { Hono } from 'hono';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors/problem.ts';
import { loadSnapshot } from '../training/snapshot.ts';
import '../context.ts';

/** Partner-facing routes; mounted behind `widgetAuth`, so the partner comes from the token. */
export function meRoutes(db: Db, publicUrl: () => string): Hono {
  return new Hono().get('/training', async (c) => {
    const snapshot = await loadSnapshot(db, c.var.partnerId, { publicUrl: publicUrl() });
    if (!snapshot) throw notFound('The partner named by this token does not exist.');
    c.header('cache-control', 'no-store');
    return c.json(snapshot);
  });
}

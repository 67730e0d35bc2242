import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { mintWidgetToken, type WidgetTokenKeys } from '../auth/widget-token.ts';
import { notFound, Problem, unauthorized } from '../errors/problem.ts';
import type { Db } from '../db/database.ts';
import { partners } from '../db/schema.ts';
import { eq } from 'drizzle-orm';

const CMS_COOKIE = 'siso_demo_cms_partner';

/**
 * Demo mode only: hands out widget tokens for demo partners, standing in for a portal backend
 * that would mint them with its service key. Never mounted in production configuration.
 */
export function demoRoutes(db: Db, keys: WidgetTokenKeys): Hono {
  const exists = async (partnerId: string) =>
    partnerId !== '' && (await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId)).limit(1)).length > 0;
  return new Hono()
    .get('/partners', async (c) => {
      const rows = await db.select({ id: partners.id, name: partners.name }).from(partners).orderBy(partners.name);
      return c.json({ partners: rows });
    })
    // The CMS case: a page's session cookie says who the visitor is, and the page's elements
    // fetch their widget token from the CMS's own token URL with that cookie.
    .get('/cms/sign-in', async (c) => {
      const partnerId = c.req.query('partner') ?? '';
      if (!(await exists(partnerId))) throw notFound(`No demo partner "${partnerId}".`);
      setCookie(c, CMS_COOKIE, partnerId, { httpOnly: true, sameSite: 'Lax', path: '/' });
      return c.redirect('/examples/cms-drop-in/', 303);
    })
    .get('/cms/widget-token', async (c) => {
      const partnerId = getCookie(c, CMS_COOKIE);
      if (!partnerId || !(await exists(partnerId))) throw unauthorized('Sign in to the CMS first (the demo links at the top of the page).');
      c.header('cache-control', 'no-store');
      return c.json(await mintWidgetToken({ keys, partnerId, ttlSeconds: 900 }));
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
      if (!(await exists(partnerId))) throw notFound(`No partner "${partnerId}".`);
      c.header('cache-control', 'no-store');
      return c.json(await mintWidgetToken({ keys, partnerId, ttlSeconds: 900 }));
    });
}

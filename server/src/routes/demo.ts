import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { mintWidgetToken, type WidgetTokenKeys } from '../auth/widget-token.ts';
import { notFound, Problem, unauthorized } from '../errors/problem.ts';
import type { Db } from '../db/database.ts';
import { partners } from '../db/schema.ts';
import type { DemoRuntime } from '../demo/runtime.ts';
import { eq, inArray } from 'drizzle-orm';
import { DEMO_PARTNERS } from '../demo/partners.ts';
import type { Clock } from '../time/clock.ts';

const CMS_COOKIE = 'siso_demo_cms_partner';
const DEMO_PARTNER_IDS = new Set(DEMO_PARTNERS.map((d) => d.partner.id));

export interface DemoRoutesOptions {
  db: Db;
  keys: WidgetTokenKeys;
  clock: Clock;
  /** The demo portal backend and training system; without it their routes answer 503. */
  runtime?: DemoRuntime | undefined;
}

/**
 * Demo mode only: hands out widget tokens for demo partners (directly, or the way a portal
 * backend does: over the API with its portal key), and lets a visitor make the demo training
 * system complete a module now. Never mounted in production configuration.
 */
export function demoRoutes({ db, keys, clock, runtime }: DemoRoutesOptions): Hono {
  const demo = (): DemoRuntime => {
    if (runtime) return runtime;
    throw new Problem({
      status: 503,
      slug: 'demo-unavailable',
      title: 'Demo unavailable',
      detail: 'The demo portal backend and training system are not running.',
    });
  };
  // Only the seeded demo partners: these routes hand out tokens without any credential, so a
  // partner a portal created (demo mode against a real database) is never reachable through them.
  const exists = async (partnerId: string) =>
    DEMO_PARTNER_IDS.has(partnerId) &&
    (await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId)).limit(1)).length > 0;
  return (
    new Hono()
      .get('/partners', async (c) => {
        const rows = await db
          .select({ id: partners.id, name: partners.name })
          .from(partners)
          .where(inArray(partners.id, [...DEMO_PARTNER_IDS]))
          .orderBy(partners.name);
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
        if (!partnerId || !(await exists(partnerId)))
          throw unauthorized('Sign in to the CMS first (the demo links at the top of the page).');
        c.header('cache-control', 'no-store');
        return c.json(await mintWidgetToken({ keys, partnerId, ttlSeconds: 900, now: clock.now() }));
      })
      .get('/widget-token', async (c) => {
        const partnerId = requiredPartnerId(c.req.query('partnerId'));
        if (!(await exists(partnerId))) throw notFound(`No partner "${partnerId}".`);
        c.header('cache-control', 'no-store');
        return c.json(await mintWidgetToken({ keys, partnerId, ttlSeconds: 900, now: clock.now() }));
      })
      // The partner portal example's backend: a real portal takes the partner from its own session
      // and mints with its portal key over the API, exactly as this route does.
      .get('/portal/widget-token', async (c) => {
        const partnerId = requiredPartnerId(c.req.query('partnerId'));
        if (!(await exists(partnerId))) throw notFound(`No demo partner "${partnerId}".`);
        const token = await demo().portalWidgetToken(partnerId, c.req.raw.signal);
        if (!token) throw notFound(`No partner "${partnerId}".`);
        c.header('cache-control', 'no-store');
        return c.json(token);
      })
      // The demo training system completes the partner's next LMS module now, through the signed
      // ingestion API (the portal example's "Complete a module now" button).
      .post('/partners/:id/advance', async (c) => {
        const partnerId = c.req.param('id');
        if (!(await exists(partnerId))) throw notFound(`No partner "${partnerId}".`);
        const step = await demo().advance(partnerId);
        if (!step) {
          throw new Problem({
            status: 409,
            slug: 'nothing-to-advance',
            title: 'Nothing left to complete',
            detail: `${partnerId} has no training-system module left to take; self-paced ones are marked done in the hub.`,
          });
        }
        return c.json({ partnerId, moduleId: step.moduleId, title: step.title, applied: step.response.applied });
      })
  );
}

function requiredPartnerId(partnerId: string | undefined): string {
  if (partnerId) return partnerId;
  throw new Problem({
    status: 400,
    slug: 'validation',
    title: 'Invalid request',
    detail: 'Query parameter "partnerId" is required.',
    errors: [{ pointer: '/partnerId', code: 'required', detail: 'required' }],
  });
}

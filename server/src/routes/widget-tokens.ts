import { MAX_WIDGET_TOKEN_TTL_SECONDS, WidgetTokenRequestSchema, WidgetTokenResponseSchema } from '@siso/training-core';
import { eq } from 'drizzle-orm';
import { mintWidgetToken } from '../auth/widget-token.ts';
import { partners } from '../db/schema.ts';
import { notFound } from '../errors/problem.ts';
import { route, type Route } from '../http/route.ts';
import type { Services } from '../services.ts';

/** `POST /v1/widget-tokens`: a portal mints a token for one of its partners. */
export function widgetTokenRoutes({ db, keys, clock }: Services): Route[] {
  return [
    route({
      method: 'post',
      path: '/v1/widget-tokens',
      summary: 'Mints a short-lived widget token for one partner (at most 900 s)',
      tag: 'portal',
      security: 'portal',
      body: { name: 'WidgetTokenRequest', schema: WidgetTokenRequestSchema },
      responses: {
        201: { description: 'The token and when it expires', schema: { name: 'WidgetTokenResponse', schema: WidgetTokenResponseSchema } },
      },
      handle: async (c, { body: { partnerId, ttlSeconds = MAX_WIDGET_TOKEN_TTL_SECONDS } }) => {
        const [found] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId)).limit(1);
        if (!found) throw notFound(`No partner "${partnerId}".`);
        c.header('cache-control', 'no-store');
        return c.json(await mintWidgetToken({ keys, partnerId, ttlSeconds, now: clock.now() }), 201);
      },
    }),
  ];
}

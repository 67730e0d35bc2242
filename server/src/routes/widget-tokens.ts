import { WidgetTokenRequestSchema, WidgetTokenResponseSchema } from '@siso/training-core';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { MAX_WIDGET_TOKEN_TTL_SECONDS, mintWidgetToken } from '../auth/widget-token.ts';
import { partners } from '../db/schema.ts';
import { notFound } from '../errors/problem.ts';
import { readBody } from '../http/validate.ts';
import type { Operation } from '../openapi/operation.ts';
import type { Services } from '../services.ts';

export const widgetTokenOperations: Operation[] = [
  {
    method: 'post',
    path: '/v1/widget-tokens',
    summary: 'Mints a short-lived widget token for one partner (at most 900 s)',
    tag: 'portal',
    security: 'portal',
    body: { name: 'WidgetTokenRequest', schema: WidgetTokenRequestSchema },
    responses: { 201: { description: 'The token and when it expires', schema: { name: 'WidgetTokenResponse', schema: WidgetTokenResponseSchema } } },
  },
];

/** `POST /v1/widget-tokens`; mounted behind `serviceAuth` for portal keys. */
export function widgetTokenRoutes({ db, keys, clock }: Services): Hono {
  return new Hono().post('/', async (c) => {
    const { partnerId, ttlSeconds = MAX_WIDGET_TOKEN_TTL_SECONDS } = await readBody(c, WidgetTokenRequestSchema);
    const [found] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId)).limit(1);
    if (!found) throw notFound(`No partner "${partnerId}".`);
    c.header('cache-control', 'no-store');
    return c.json(await mintWidgetToken({ keys, partnerId, ttlSeconds, now: clock.now() }), 201);
  });
}

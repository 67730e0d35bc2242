import { PolicyPreviewRequestSchema, PolicyPreviewSchema } from '@siso/training-core';
import * as z from 'zod';
import { decimal, described } from '../http/params.ts';
import { route, type Route } from '../http/route.ts';
import type { Services } from '../services.ts';
import { previewProgramChange } from '../training/preview.ts';

const PreviewQuery = z.strictObject({
  cursor: z.optional(described(z.string().max(200), 'The `next` of the previous page; send the same body')),
  limit: decimal({ min: 1, max: 500 }).default(100).describe('Affected partners per page, 1–500 (default 100)'),
});

/** `POST /v1/policy/preview`: a candidate program's effect on every partner, before anything is stored. */
export function policyPreviewRoutes(services: Services): Route[] {
  return [
    route({
      method: 'post',
      path: '/v1/policy/preview',
      summary:
        'What a candidate policy and/or catalog changes would do to every partner, writing nothing: tiers, moves, commission, yearly value, grace, what is at stake, and the issues a write would refuse',
      tag: 'policy',
      security: 'admin',
      query: PreviewQuery,
      body: { name: 'PolicyPreviewRequest', schema: PolicyPreviewRequestSchema },
      responses: {
        200: {
          description: 'The summary and one page of affected partners',
          schema: { name: 'PolicyPreview', schema: PolicyPreviewSchema },
        },
      },
      handle: async (c, { query: { cursor, limit }, body }) =>
        c.json(await previewProgramChange(services, body, { limit, ...(cursor === undefined ? {} : { cursor }) })),
    }),
  ];
}

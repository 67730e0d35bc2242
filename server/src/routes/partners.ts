import {
  IdSchema,
  EvaluationRunSchema,
  PartnerDetailSchema,
  PartnerListSchema,
  PartnerUpsertSchema,
  TrainingSnapshotSchema,
  evaluate,
  type PartnerDetail,
  type PartnerRecord,
} from '@siso/training-core';
import { asc, eq, gt } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';
import { partners } from '../db/schema.ts';
import { notFound } from '../errors/problem.ts';
import { idParam, parseInput, readBody } from '../http/validate.ts';
import type { Operation } from '../openapi/operation.ts';
import type { Services } from '../services.ts';
import { programStore } from '../training/program.ts';
import { reevaluatePartners } from '../training/reevaluate.ts';
import { loadTrainingState } from '../training/state.ts';
import type { PartnerRow } from '../training/rows.ts';
import { toPartner } from '../training/rows.ts';
import type { PartnerSession } from '../training/session.ts';
import { writeTraining } from '../training/write.ts';

const idPath = { id: 'Partner id' };
const detail = { name: 'PartnerDetail', schema: PartnerDetailSchema };

export const partnerOperations: Operation[] = [
  {
    method: 'get',
    path: '/v1/partners',
    summary: 'Partners with their tier, commission rate and performance figures, by id',
    tag: 'partners',
    security: 'portal-admin',
    query: { after: 'Page cursor (the `next` of the previous page)', limit: 'Page size, 1–500 (default 100)' },
    responses: { 200: { description: 'A page of partners', schema: { name: 'PartnerList', schema: PartnerListSchema } } },
  },
  {
    method: 'put',
    path: '/v1/partners/{id}',
    summary: 'Creates or updates a partner record and its performance figures; re-evaluates the tier',
    tag: 'partners',
    security: 'portal-admin',
    params: idPath,
    body: { name: 'PartnerUpsert', schema: PartnerUpsertSchema },
    responses: { 200: { description: 'Updated', schema: detail }, 201: { description: 'Created', schema: detail } },
  },
  {
    method: 'get',
    path: '/v1/partners/{id}',
    summary: 'A partner with its stored figures and its evaluation as of now',
    tag: 'partners',
    security: 'portal-admin',
    params: idPath,
    responses: { 200: { description: 'The partner', schema: detail } },
  },
  {
    method: 'get',
    path: '/v1/partners/{id}/training',
    summary: "Any partner's training snapshot",
    tag: 'partners',
    security: 'portal-admin',
    params: idPath,
    responses: { 200: { description: 'The snapshot', schema: { name: 'TrainingSnapshot', schema: TrainingSnapshotSchema } } },
  },
  {
    method: 'post',
    path: '/v1/partners/{id}/evaluate',
    summary: "Re-evaluates one partner's tier now",
    tag: 'partners',
    security: 'portal-admin',
    params: idPath,
    responses: { 200: { description: 'The partner after evaluation', schema: detail } },
  },
  {
    method: 'post',
    path: '/v1/evaluations',
    summary: 'Re-evaluates every partner, in batches',
    tag: 'admin',
    security: 'admin',
    responses: { 200: { description: 'What the run did', schema: { name: 'EvaluationRun', schema: EvaluationRunSchema } } },
  },
];

const PageQuery = z.strictObject({
  after: z.optional(IdSchema),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function toRecord(row: PartnerRow): PartnerRecord {
  return {
    partner: toPartner(row),
    rate: row.rate,
    atRisk: row.atRisk,
    evaluatedAt: row.evaluatedAt?.toISOString() ?? null,
    policyVersion: row.policyVersion,
  };
}

function sessionDetail(session: PartnerSession): PartnerDetail {
  const evaluation = session.evaluation;
  return {
    partner: { ...session.partner },
    rate: evaluation.commission.rate,
    atRisk: evaluation.atRisk !== null,
    evaluatedAt: session.now.toISOString(),
    policyVersion: evaluation.policyVersion,
    evaluation,
  };
}

/** Partner records for the portal and admins; mounted behind `serviceAuth`. */
export function partnerRoutes(services: Services): Hono {
  const { db } = services;
  return new Hono()
    .get('/', async (c) => {
      const { after, limit } = parseInput(PageQuery, c.req.query());
      const rows = await db
        .select()
        .from(partners)
        .where(after === undefined ? undefined : gt(partners.id, after))
        .orderBy(asc(partners.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      return c.json({ partners: page.map(toRecord), next: rows.length > limit ? page.at(-1)!.id : null });
    })
    .put('/:id', async (c) => {
      const id = idParam(c, 'id');
      const body = await readBody(c, PartnerUpsertSchema);
      let created = false;
      const { result } = await writeTraining(services, {
        partnerIds: [id],
        before: async (tx, program) => {
          const inserted = await tx
            .insert(partners)
            .values({
              id,
              name: body.name,
              tier: program.policy.tiers[0]!.id,
              performanceScore: body.performanceScore,
              trailingRevenue: body.trailingRevenue ?? null,
              currency: body.currency ?? null,
            })
            .onConflictDoNothing()
            .returning({ id: partners.id });
          created = inserted.length > 0;
        },
        apply: (sessions) => {
          const session = sessions.get(id)!;
          session.setRecord({ name: body.name, performanceScore: body.performanceScore, trailingRevenue: body.trailingRevenue ?? null, currency: body.currency ?? null });
          if (created) session.reevaluate();
          return sessionDetail(session);
        },
      });
      return c.json(result, created ? 201 : 200);
    })
    .get('/:id', async (c) => {
      const id = idParam(c, 'id');
      const [[row], state, { policy, catalog }] = await Promise.all([
        db.select().from(partners).where(eq(partners.id, id)).limit(1),
        loadTrainingState(db, id),
        programStore(db).current(),
      ]);
      if (!row || !state) throw notFound(`No partner "${id}".`);
      return c.json({ ...toRecord(row), evaluation: evaluate({ policy, catalog, state, now: services.clock.now() }) });
    })
    .get('/:id/training', async (c) => {
      const id = idParam(c, 'id');
      const json = await services.snapshots.json(id, services.publicUrl());
      if (json === null) throw notFound(`No partner "${id}".`);
      return c.body(json, 200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    })
    .post('/:id/evaluate', async (c) => {
      const id = idParam(c, 'id');
      const { result } = await writeTraining(services, {
        partnerIds: [id],
        apply: (sessions) => {
          const session = sessions.get(id);
          if (!session) throw notFound(`No partner "${id}".`);
          session.reevaluate();
          return sessionDetail(session);
        },
      });
      return c.json(result);
    });
}

/** `POST /v1/evaluations`: every partner, admin only. */
export function evaluationRoutes(services: Services): Hono {
  return new Hono().post('/', async (c) => c.json(await reevaluatePartners(services, { which: 'all', batchSize: services.config.reevaluationBatchSize })));
}

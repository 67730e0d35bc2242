import {
  IdSchema,
  PartnerDetailSchema,
  PartnerListSchema,
  PartnerUpsertSchema,
  ProgramChangeResponseSchema,
  TrainingSnapshotSchema,
  evaluate,
  type PartnerDetail,
  type PartnerRecord,
} from '@siso/training-core';
import { asc, gt } from 'drizzle-orm';
import * as z from 'zod';
import { partners } from '../db/schema.ts';
import { notFound } from '../errors/problem.ts';
import { decimal, described, idParams } from '../http/params.ts';
import { route, type Route } from '../http/route.ts';
import type { Services } from '../services.ts';
import { programStore } from '../training/program.ts';
import { reevaluateAfter } from '../training/reevaluation.ts';
import type { PartnerTraining } from '../training/partner-training.ts';
import { loadPartnerTraining } from '../training/repository.ts';
import { toPartner, toTrainingState, type StoredPartner } from '../training/stored.ts';
import { writeTraining } from '../training/write.ts';

const detail = { name: 'PartnerDetail', schema: PartnerDetailSchema };
const partnerParams = idParams('Partner id');
const PageQuery = z.strictObject({
  after: z.optional(described(IdSchema, 'Page cursor (the `next` of the previous page)')),
  limit: decimal({ min: 1, max: 500 }).default(100).describe('Page size, 1–500 (default 100)'),
});

function toRecord(row: StoredPartner): PartnerRecord {
  return {
    partner: toPartner(row),
    rate: row.rate,
    atRisk: row.atRisk,
    evaluatedAt: row.evaluatedAt?.toISOString() ?? null,
    policyVersion: row.policyVersion,
  };
}

function sessionDetail(session: PartnerTraining): PartnerDetail {
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

/** Partner records for the portal and admins. */
export function partnerRoutes(services: Services): Route[] {
  const { db } = services;
  return [
    route({
      method: 'get',
      path: '/v1/partners',
      summary: 'Partners with their tier, commission rate and performance figures, by id',
      tag: 'partners',
      security: 'portal-admin',
      query: PageQuery,
      responses: { 200: { description: 'A page of partners', schema: { name: 'PartnerList', schema: PartnerListSchema } } },
      handle: async (c, { query: { after, limit } }) => {
        const rows = await db
          .select()
          .from(partners)
          .where(after === undefined ? undefined : gt(partners.id, after))
          .orderBy(asc(partners.id))
          .limit(limit + 1);
        const page = rows.slice(0, limit);
        return c.json({ partners: page.map(toRecord), next: rows.length > limit ? page.at(-1)!.id : null });
      },
    }),
    route({
      method: 'put',
      path: '/v1/partners/{id}',
      summary: 'Creates or updates a partner record and its performance figures; re-evaluates the tier',
      tag: 'partners',
      security: 'portal-admin',
      params: partnerParams,
      body: { name: 'PartnerUpsert', schema: PartnerUpsertSchema },
      responses: { 200: { description: 'Updated', schema: detail }, 201: { description: 'Created', schema: detail } },
      handle: async (c, { params: { id }, body }) => {
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
            session.setRecord({
              name: body.name,
              performanceScore: body.performanceScore,
              trailingRevenue: body.trailingRevenue ?? null,
              currency: body.currency ?? null,
            });
            if (created) session.reevaluate();
            return sessionDetail(session);
          },
        });
        return c.json(result, created ? 201 : 200);
      },
    }),
    route({
      method: 'get',
      path: '/v1/partners/{id}',
      summary: 'A partner with its stored figures and its evaluation as of now',
      tag: 'partners',
      security: 'portal-admin',
      params: partnerParams,
      responses: { 200: { description: 'The partner', schema: detail } },
      handle: async (c, { params: { id } }) => {
        const [stored, { policy, catalog }] = await Promise.all([loadPartnerTraining(db, id), programStore(db).current()]);
        if (!stored) throw notFound(`No partner "${id}".`);
        return c.json({
          ...toRecord(stored.partner),
          evaluation: evaluate({ policy, catalog, state: toTrainingState(stored), now: services.clock.now() }),
        });
      },
    }),
    route({
      method: 'get',
      path: '/v1/partners/{id}/training',
      summary: "Any partner's training snapshot",
      tag: 'partners',
      security: 'portal-admin',
      params: partnerParams,
      responses: { 200: { description: 'The snapshot', schema: { name: 'TrainingSnapshot', schema: TrainingSnapshotSchema } } },
      handle: async (c, { params: { id } }) => {
        const json = await services.snapshots.json(id, services.publicUrl());
        if (json === null) throw notFound(`No partner "${id}".`);
        return c.body(json, 200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      },
    }),
    route({
      method: 'post',
      path: '/v1/partners/{id}/evaluate',
      summary: "Re-evaluates one partner's tier now",
      tag: 'partners',
      security: 'portal-admin',
      params: partnerParams,
      responses: { 200: { description: 'The partner after evaluation', schema: detail } },
      handle: async (c, { params: { id } }) => {
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
      },
    }),
    route({
      method: 'post',
      path: '/v1/evaluations',
      summary:
        'Re-evaluates every partner: answers at once with the change doing it in batches (or the one running, which then goes over every partner again), followed at its `href`',
      tag: 'admin',
      security: 'admin',
      responses: {
        202: {
          description: 'Started (`Location` is the change’s `href`)',
          schema: { name: 'ProgramChangeResponse', schema: ProgramChangeResponseSchema },
        },
      },
      handle: async (c) => {
        const { change } = await reevaluateAfter(services, 'evaluation');
        c.header('location', change.href);
        return c.json({ change }, 202);
      },
    }),
  ];
}

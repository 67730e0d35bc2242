import {
  CertificateResponseSchema,
  CompleteResponseSchema,
  IdSchema,
  LaunchResponseSchema,
  SimulationSchema,
  simulate,
  TrainingSnapshotSchema,
  type Module,
} from '@siso/training-core';
import * as z from 'zod';
import { isCertificateId } from '../certificates/store.ts';
import { conflict, invalidInput, notFound } from '../errors/problem.ts';
import { described, idParams } from '../http/params.ts';
import { route, type Route } from '../http/route.ts';
import type { Services } from '../services.ts';
import { programStore } from '../training/program.ts';
import type { PartnerTraining } from '../training/partner-training.ts';
import { loadPartnerTraining } from '../training/repository.ts';
import { toSnapshotCertificates, toTrainingState } from '../training/stored.ts';
import { writeTraining } from '../training/write.ts';
import '../context.ts';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const idList = (description: string) => described(z.optional(z.string()).transform(list).pipe(z.array(IdSchema).max(100)), description);
const SimulateQuery = z.strictObject({
  complete: idList('Module ids, comma-separated'),
  earn: idList('Certification ids, comma-separated'),
});
const moduleParams = idParams('Module id');

/** A partner may start or complete a module only once its prerequisites and tier allow: 409 otherwise. */
function refuseLocked(session: PartnerTraining, moduleId: string): void {
  const locked = session.lockedReasons(moduleId);
  if (locked) throw conflict('module-locked', `Module "${moduleId}" is locked: ${locked.map((r) => r.code).join(', ')}.`);
}

function launchUrl(services: Services, module: Module, partnerId: string): string {
  const template = services.config.lmsLaunchUrl;
  if (module.completion !== 'lms' || !template) return module.material.url;
  return template.replaceAll('{moduleId}', encodeURIComponent(module.id)).replaceAll('{partnerId}', encodeURIComponent(partnerId));
}

/** Partner-facing routes: the partner comes from the widget token. */
export function meRoutes(services: Services): Route[] {
  const { db, clock } = services;
  const moduleOf = async (id: string) => {
    const module = (await programStore(db).current()).catalog.modules.find((m) => m.id === id);
    if (!module) throw notFound(`No module "${id}".`);
    return module;
  };
  const partnerGone = () => notFound('The partner named by this token does not exist.');

  return [
    route({
      method: 'get',
      path: '/v1/me/training',
      summary: "The partner's training snapshot: everything both widgets show, in one round trip",
      tag: 'partner',
      security: 'widget',
      responses: { 200: { description: 'The snapshot', schema: { name: 'TrainingSnapshot', schema: TrainingSnapshotSchema } } },
      handle: async (c) => {
        const json = await services.snapshots.json(c.var.partnerId, services.publicUrl());
        if (json === null) throw partnerGone();
        return c.body(json, 200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      },
    }),
    route({
      method: 'post',
      path: '/v1/me/modules/{id}/launch',
      summary: 'Records that the partner started the module and answers where to open it',
      tag: 'partner',
      security: 'widget',
      params: moduleParams,
      responses: { 200: { description: 'Launch URL and progress', schema: { name: 'LaunchResponse', schema: LaunchResponseSchema } } },
      refusals: { 409: 'The module is locked (prerequisites, minimum tier); `detail` names why' },
      handle: async (c, { params }) => {
        const module = await moduleOf(params.id);
        const partnerId = c.var.partnerId;
        const { result } = await writeTraining(services, {
          partnerIds: [partnerId],
          apply: (sessions) => {
            const session = sessions.get(partnerId);
            if (!session) throw partnerGone();
            refuseLocked(session, module.id);
            session.apply({ kind: 'module', moduleId: module.id, action: 'start', at: clock.now() });
            return session.progressOf(module.id);
          },
        });
        c.header('cache-control', 'no-store');
        return c.json({ moduleId: module.id, url: launchUrl(services, module, partnerId), progress: result });
      },
    }),
    route({
      method: 'post',
      path: '/v1/me/modules/{id}/complete',
      summary: 'Marks a self-completed module done (modules with completion "self" only); done again where a certificate renewal needs it',
      tag: 'partner',
      security: 'widget',
      params: moduleParams,
      responses: {
        200: {
          description: 'Progress, summary and evaluation after the change',
          schema: { name: 'CompleteResponse', schema: CompleteResponseSchema },
        },
      },
      refusals: { 409: 'The module is locked, or the training system completes it (not `completion: self`)' },
      handle: async (c, { params }) => {
        const module = await moduleOf(params.id);
        if (module.completion !== 'self')
          throw conflict('completed-by-training-system', `Module "${module.id}" is completed by the training system, not by the partner.`);
        const partnerId = c.var.partnerId;
        const { result } = await writeTraining(services, {
          partnerIds: [partnerId],
          apply: (sessions) => {
            const session = sessions.get(partnerId);
            if (!session) throw partnerGone();
            // Done again only where a renewal needs it; otherwise marking a done module is a no-op.
            if (session.progressOf(module.id).status !== 'completed' || session.needsRetake(module.id)) {
              refuseLocked(session, module.id);
              session.apply({ kind: 'module', moduleId: module.id, action: 'complete', at: clock.now() });
            }
            return {
              moduleId: module.id,
              progress: session.progressOf(module.id),
              summary: session.summary(),
              evaluation: session.evaluation,
            };
          },
        });
        c.header('cache-control', 'no-store');
        return c.json(result);
      },
    }),
    route({
      method: 'get',
      path: '/v1/me/simulate',
      summary: 'What-if: the evaluation after completing modules and earning certifications',
      tag: 'partner',
      security: 'widget',
      query: SimulateQuery,
      responses: {
        200: { description: 'Evaluation before and after, and the delta', schema: { name: 'Simulation', schema: SimulationSchema } },
      },
      handle: async (c, { query: steps }) => {
        const { catalog, policy } = await programStore(db).current();
        const unknown = [
          ...steps.complete.flatMap((id, i) =>
            catalog.modules.some((m) => m.id === id)
              ? []
              : [{ pointer: `/complete/${i}`, code: 'unknown_module', detail: `No module "${id}".` }],
          ),
          ...steps.earn.flatMap((id, i) =>
            catalog.certifications.some((x) => x.id === id)
              ? []
              : [{ pointer: `/earn/${i}`, code: 'unknown_certification', detail: `No certification "${id}".` }],
          ),
        ];
        if (unknown.length > 0) throw invalidInput(unknown);
        const stored = await loadPartnerTraining(db, c.var.partnerId);
        if (!stored) throw partnerGone();
        const state = toTrainingState(stored);
        c.header('cache-control', 'no-store');
        return c.json(simulate({ policy, catalog, state, now: clock.now(), steps }));
      },
    }),
    route({
      method: 'get',
      path: '/v1/me/certificates/{id}',
      summary: 'One of the partner’s certificates, with its verification link',
      tag: 'partner',
      security: 'widget',
      params: z.strictObject({ id: described(z.string(), 'Certificate id') }),
      responses: { 200: { description: 'The certificate', schema: { name: 'CertificateResponse', schema: CertificateResponseSchema } } },
      handle: async (c, { params: { id } }) => {
        if (!isCertificateId(id)) throw notFound(`No certificate "${id.slice(0, 100)}" for this partner.`);
        // All of the partner's certificates: a status depends on the others (a renewal).
        const rows = (await loadPartnerTraining(db, c.var.partnerId))?.certificates ?? [];
        const index = rows.findIndex((r) => r.id === id);
        const row = rows[index];
        if (!row) throw notFound(`No certificate "${id}" for this partner.`);
        const { catalog, policy } = await programStore(db).current();
        c.header('cache-control', 'no-store');
        return c.json({
          ...toSnapshotCertificates(rows, { catalog, policy, now: clock.now(), publicUrl: services.publicUrl() })[index]!,
          certification: catalog.certifications.find((x) => x.id === row.certificationId) ?? null,
          credential: row.credential,
        });
      },
    }),
  ];
}

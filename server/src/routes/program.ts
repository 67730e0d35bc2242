import {
  ProgramChangeResponseSchema,
  CatalogSchema,
  CatalogUpdateResponseSchema,
  CertificationInputSchema,
  moduleDependents,
  ModuleInputSchema,
  ProgramChangeSchema,
  PolicyInputSchema,
  PolicyUpdateResponseSchema,
  PolicyVersionListSchema,
  reviewPolicy,
  TierPolicySchema,
  validateCatalog,
  validatePolicy,
  type Catalog,
  type Issue,
  type TierPolicy,
} from '@siso/training-core';
import { desc, eq, max, sql } from 'drizzle-orm';
import * as z from 'zod';
import type { Tx } from '../db/database.ts';
import { certifications, modules, policyVersions } from '../db/schema.ts';
import { conflict, invalidInput, notFound, Problem, type ProblemFieldError } from '../errors/problem.ts';
import { decimal, described, idParams } from '../http/params.ts';
import { route, type Route } from '../http/route.ts';
import { pointer } from '../http/pointer.ts';
import type { Services } from '../services.ts';
import { ForceQuery, refusePolicyIssues } from './policy-issues.ts';
import { createProgramChange, readProgramChange, runningProgramChange, toProgramChange } from '../training/program-change.ts';
import { bumpProgramRevision, lockProgram, programStore, type Program } from '../training/program.ts';
import { reevaluateAfter } from '../training/reevaluation.ts';
import { transaction } from '../training/write.ts';

const catalogUpdate = { name: 'CatalogUpdateResponse', schema: CatalogUpdateResponseSchema };
const policy = { name: 'TierPolicy', schema: TierPolicySchema };

const moduleParams = idParams('Module id (must equal the body’s id)');
const certificationParams = idParams('Certification id (must equal the body’s id)');

const unprocessable = (slug: string, detail: string, errors: ProblemFieldError[]) =>
  new Problem({ status: 422, slug, title: 'Unprocessable change', detail, errors });

const fromIssues = (issues: readonly Issue[]): ProblemFieldError[] =>
  issues.map((i) => ({ pointer: pointer(i.path) || '/', code: i.code, detail: JSON.stringify(i.params) }));

// Core names each catalog issue; the wire keeps the codes it has always had (without `catalog.`).
const CATALOG_DETAIL: Record<string, (params: Record<string, unknown>) => string> = {
  'catalog.unknown_module': (p) => `No module "${String(p['moduleId'])}".`,
  'catalog.prerequisite_cycle': (p) =>
    `"${String(p['prerequisite'])}" already requires "${String(p['moduleId'])}", directly or through other modules.`,
  'catalog.unknown_tier': (p) => `No tier "${String(p['tier'])}".`,
  'catalog.duplicate_id': (p) => `The id "${String(p['id'])}" is used twice.`,
};
const wireCode = (code: string) => code.replace(/^catalog\./, '');

/** Refuses a module or certification definition that names what does not exist, or breaks the policy in force. */
function checkCatalog(catalog: Catalog, policy: TierPolicy, changed: string): void {
  const invalid = validateCatalog({ catalog, policy, only: changed });
  if (invalid.length > 0) {
    // Pointers into the definition sent: `modules.<i>.prerequisites.<j>` is `/prerequisites/<j>`.
    const errors = invalid.map((i) => ({
      pointer: pointer(i.path.slice(2)) || '/',
      code: wireCode(i.code),
      detail: CATALOG_DETAIL[i.code]?.(i.params) ?? i.code,
    }));
    throw unprocessable('invalid-catalog', 'The definition names what does not exist.', errors);
  }
  const issues = validatePolicy({ policy, catalog });
  if (issues.length > 0)
    throw unprocessable('breaks-policy', 'The tier policy in force would no longer hold with this change.', fromIssues(issues));
}

/** What still names module `id` and would be left pointing at nothing if it went. */
function dependentsOf(catalog: Catalog, moduleId: string): ProblemFieldError[] {
  return moduleDependents({ catalog, moduleId }).map(({ path, code, params }) => ({
    pointer: `/${path[0]}/${String(params['dependent'])}/${path[2]}`,
    code: wireCode(code),
    detail:
      path[0] === 'modules'
        ? `"${String(params['dependent'])}" requires it first.`
        : `The certification "${String(params['dependent'])}" requires it.`,
  }));
}

/** Catalog and policy; reads for portal and admin keys, writes for admin keys. */
export function programRoutes(services: Services): Route[] {
  const { db } = services;

  // A catalog write and its change commit together, and the answer comes at once; partners are
  // then re-evaluated in batches of their own, as for a policy change.
  async function writeProgram(write: (tx: Tx, program: Program) => Promise<boolean>) {
    const { result, change } = await reevaluateAfter(services, 'catalog', write);
    return { created: result === true, change };
  }

  const sameId = (id: string, body: { id: string }) => {
    if (body.id !== id)
      throw invalidInput([{ pointer: '/id', code: 'id_mismatch', detail: `The body's id must be "${id}", as in the path.` }]);
  };

  return [
    route({
      method: 'get',
      path: '/v1/catalog',
      summary: 'Modules and certifications',
      tag: 'catalog',
      security: 'portal-admin',
      responses: { 200: { description: 'The catalog', schema: { name: 'Catalog', schema: CatalogSchema } } },
      handle: async (c) => c.json((await programStore(db).current()).catalog),
    }),
    route({
      method: 'put',
      path: '/v1/modules/{id}',
      summary: 'Creates or replaces a module; every partner is then re-evaluated in batches, followed at the change’s `href`',
      tag: 'catalog',
      security: 'admin',
      params: moduleParams,
      body: { name: 'ModuleInput', schema: ModuleInputSchema },
      responses: { 200: { description: 'Replaced', schema: catalogUpdate }, 201: { description: 'Created', schema: catalogUpdate } },
      refusals: {
        422: 'It names what does not exist, makes a prerequisite cycle, or would break the policy in force; `errors` lists each',
      },
      handle: async (c, { params: { id }, body: module }) => {
        sameId(id, module);
        const { created, change } = await writeProgram(async (tx, program) => {
          const existing = program.catalog.modules.findIndex((m) => m.id === id);
          const next =
            existing === -1 ? [...program.catalog.modules, module] : program.catalog.modules.map((m) => (m.id === id ? module : m));
          checkCatalog({ ...program.catalog, modules: next }, program.policy, id);
          const [{ position } = { position: 0 }] = await tx
            .select({ position: sql<number>`coalesce(max(${modules.position}) + 1, 0)` })
            .from(modules);
          await tx
            .insert(modules)
            .values({ id, position, definition: module })
            .onConflictDoUpdate({ target: modules.id, set: { definition: module, updatedAt: new Date() } });
          return existing === -1;
        });
        return c.json({ created, change }, created ? 201 : 200);
      },
    }),
    route({
      method: 'delete',
      path: '/v1/modules/{id}',
      summary:
        'Removes a module nothing else requires (partners’ progress in it is kept, unused); every partner is then re-evaluated in batches, followed at the change’s `href`',
      tag: 'catalog',
      security: 'admin',
      params: idParams('Module id'),
      responses: { 200: { description: 'Removed', schema: { name: 'ProgramChangeResponse', schema: ProgramChangeResponseSchema } } },
      refusals: { 422: 'Another module, a certification or the policy in force names it; `errors` lists each' },
      handle: async (c, { params: { id } }) => {
        const { change } = await writeProgram(async (tx, program) => {
          if (!program.catalog.modules.some((m) => m.id === id)) throw notFound(`No module "${id}".`);
          const dependents = dependentsOf(program.catalog, id);
          if (dependents.length > 0)
            throw unprocessable('module-in-use', `Other definitions require "${id}"; change them first.`, dependents);
          const issues = validatePolicy({
            policy: program.policy,
            catalog: { ...program.catalog, modules: program.catalog.modules.filter((m) => m.id !== id) },
          });
          if (issues.length > 0)
            throw unprocessable('breaks-policy', 'The tier policy in force would no longer hold with this change.', fromIssues(issues));
          await tx.delete(modules).where(eq(modules.id, id));
          return false;
        });
        return c.json({ change });
      },
    }),
    route({
      method: 'put',
      path: '/v1/certifications/{id}',
      summary: 'Creates or replaces a certification; every partner is then re-evaluated in batches, followed at the change’s `href`',
      tag: 'catalog',
      security: 'admin',
      params: certificationParams,
      body: { name: 'CertificationInput', schema: CertificationInputSchema },
      responses: { 200: { description: 'Replaced', schema: catalogUpdate }, 201: { description: 'Created', schema: catalogUpdate } },
      refusals: { 422: 'It names a module that does not exist, or would break the policy in force; `errors` lists each' },
      handle: async (c, { params: { id }, body: certification }) => {
        sameId(id, certification);
        const { created, change } = await writeProgram(async (tx, program) => {
          const existing = program.catalog.certifications.findIndex((x) => x.id === id);
          const next =
            existing === -1
              ? [...program.catalog.certifications, certification]
              : program.catalog.certifications.map((x) => (x.id === id ? certification : x));
          checkCatalog({ ...program.catalog, certifications: next }, program.policy, id);
          await tx
            .insert(certifications)
            .values({ id, definition: certification })
            .onConflictDoUpdate({ target: certifications.id, set: { definition: certification, updatedAt: new Date() } });
          return existing === -1;
        });
        return c.json({ created, change }, created ? 201 : 200);
      },
    }),
    route({
      method: 'get',
      path: '/v1/policy',
      summary: 'The tier policy in force',
      tag: 'policy',
      security: 'portal-admin',
      responses: { 200: { description: 'The policy', schema: policy } },
      handle: async (c) => c.json((await programStore(db).current()).policy),
    }),
    route({
      method: 'put',
      path: '/v1/policy',
      summary:
        'Stores a new policy version (validated against the catalog) and answers at once; every partner is then re-evaluated in batches, followed at the change’s `href`',
      tag: 'policy',
      security: 'admin',
      query: ForceQuery,
      body: { name: 'PolicyInput', schema: PolicyInputSchema },
      responses: {
        202: {
          description: 'Stored; its change has started (`Location` is the change’s `href`)',
          schema: { name: 'PolicyUpdateResponse', schema: PolicyUpdateResponseSchema },
        },
      },
      refusals: {
        409: 'An earlier program change (policy, catalog or evaluation) is still being applied; `detail` names it; send this one once it is `done`',
        422: 'The policy breaks a rule (no entry tier, unknown ids, unreachable counts, weaker requirements up the tiers, …) or is unusual (a base rate above 25, …) and not forced; `errors` lists each, `forceable` when `?force=true` would store it',
      },
      handle: async (c, { query, body: input }) => {
        // One transaction stores the version and its change, under the program lock (so two
        // changes cannot both find none running); the partners follow in batches of their own.
        const { stored, change } = await transaction(db, async (tx) => {
          const program = await lockProgram(tx);
          const [{ latest } = { latest: 0 }] = await tx.select({ latest: max(policyVersions.version) }).from(policyVersions);
          const stored: TierPolicy = { ...input, version: (latest ?? 0) + 1 };
          refusePolicyIssues(reviewPolicy({ policy: stored, catalog: program.catalog }), query.force === 'true');
          // A module may name a tier as its minimum: the policy cannot take that tier away under it.
          const orphaned = validateCatalog({ catalog: program.catalog, policy: stored }).filter((i) => i.code === 'catalog.unknown_tier');
          if (orphaned.length > 0) {
            const errors = orphaned.map((i) => ({
              pointer: `/modules/${program.catalog.modules[Number(i.path[1])]!.id}/minTier`,
              code: wireCode(i.code),
              detail: CATALOG_DETAIL[i.code]!(i.params),
            }));
            throw unprocessable(
              'breaks-catalog',
              'Modules name a tier this policy does not have as their minimum; change them first.',
              errors,
            );
          }
          // Refused rather than queued: the admin who sent it would not know when, or on top of
          // what, it applies; after a 409 they look at the running change and decide.
          const running = await runningProgramChange(tx);
          if (running) {
            const { done, total, href } = toProgramChange(running);
            const what = running.cause === 'policy' ? `Policy version ${running.policyVersion}` : 'A catalog change';
            throw conflict(
              'program-change-running',
              `${what} is still being applied (${done} of ${total} partners, ${href}); send this change once it is done.`,
            );
          }
          await tx.insert(policyVersions).values({ version: stored.version, policy: stored });
          await bumpProgramRevision(tx);
          const change = await createProgramChange(tx, {
            policyVersion: stored.version,
            cause: 'policy',
            ...services.programChanges.lease,
            now: services.clock.now(),
          });
          return { stored, change };
        });
        programStore(db).invalidate();
        services.programChanges.run(change.id);
        const answer = toProgramChange(change);
        c.header('location', answer.href);
        return c.json({ policy: stored, change: answer }, 202);
      },
    }),
    route({
      method: 'get',
      path: '/v1/changes/{id}',
      summary:
        'A program change (a new policy version, catalog writes, or `POST /v1/evaluations`): how far re-evaluating every partner has come, and whom it moved',
      tag: 'policy',
      security: 'portal-admin',
      params: z.strictObject({ id: described(decimal({ min: 1, max: 2_147_483_647 }), 'The change’s id (its `href` names it)') }),
      responses: { 200: { description: 'The change', schema: { name: 'ProgramChange', schema: ProgramChangeSchema } } },
      handle: async (c, { params: { id } }) => {
        const row = await readProgramChange(db, id);
        if (!row) throw notFound(`No program change ${id}.`);
        return c.json(toProgramChange(row));
      },
    }),
    route({
      method: 'get',
      path: '/v1/policy/versions',
      summary: 'Every stored policy version',
      tag: 'policy',
      security: 'portal-admin',
      responses: { 200: { description: 'Versions, newest first', schema: { name: 'PolicyVersionList', schema: PolicyVersionListSchema } } },
      handle: async (c) => {
        const rows = await db
          .select({ version: policyVersions.version, createdAt: policyVersions.createdAt })
          .from(policyVersions)
          .orderBy(desc(policyVersions.version));
        return c.json({ versions: rows.map((r, i) => ({ version: r.version, createdAt: r.createdAt.toISOString(), current: i === 0 })) });
      },
    }),
    route({
      method: 'get',
      path: '/v1/policy/versions/{version}',
      summary: 'One stored policy version',
      tag: 'policy',
      security: 'portal-admin',
      params: z.strictObject({ version: described(decimal({ min: 1, max: 2_147_483_647 }), 'Version number') }),
      responses: { 200: { description: 'The policy', schema: policy } },
      handle: async (c, { params: { version } }) => {
        const [row] = await db
          .select({ policy: policyVersions.policy })
          .from(policyVersions)
          .where(eq(policyVersions.version, version))
          .limit(1);
        if (!row) throw notFound(`No policy version ${version}.`);
        return c.json(row.policy as TierPolicy);
      },
    }),
  ];
}

import {
  CatalogRemovalResponseSchema,
  CatalogSchema,
  CatalogUpdateResponseSchema,
  CertificationInputSchema,
  isPolicyValidationError,
  ModuleInputSchema,
  parsePolicy,
  PolicyInputSchema,
  PolicyUpdateResponseSchema,
  PolicyVersionListSchema,
  TierPolicySchema,
  validatePolicy,
  type Catalog,
  type Issue,
  type TierPolicy,
} from '@siso/training-core';
import { desc, eq, max, sql } from 'drizzle-orm';
import * as z from 'zod';
import type { Tx } from '../db/database.ts';
import { certifications, modules, policyVersions } from '../db/schema.ts';
import { invalidInput, notFound, Problem, type ProblemFieldError } from '../errors/problem.ts';
import { decimal, described, idParams } from '../http/params.ts';
import { route, type Route } from '../http/route.ts';
import { pointer } from '../http/pointer.ts';
import type { Services } from '../services.ts';
import { bumpProgramRevision, lockProgram, programStore, type Program } from '../training/program.ts';
import { reevaluatePartners } from '../training/reevaluate.ts';
import { transaction } from '../training/write.ts';

const catalogUpdate = { name: 'CatalogUpdateResponse', schema: CatalogUpdateResponseSchema };
const policy = { name: 'TierPolicy', schema: TierPolicySchema };

const moduleParams = idParams('Module id (must equal the body’s id)');
const certificationParams = idParams('Certification id (must equal the body’s id)');

const unprocessable = (slug: string, detail: string, errors: ProblemFieldError[]) =>
  new Problem({ status: 422, slug, title: 'Unprocessable change', detail, errors });

const fromIssues = (issues: readonly Issue[]): ProblemFieldError[] =>
  issues.map((i) => ({ pointer: pointer(i.path) || '/', code: i.code, detail: JSON.stringify(i.params) }));

/** Whether `from` requires `to` through its chain of prerequisites (a cycle would lock both forever). */
function reaches(catalog: Catalog, from: string, to: string): boolean {
  const prerequisites = new Map(catalog.modules.map((m) => [m.id, m.prerequisites]));
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(prerequisites.get(id) ?? []));
  }
  return false;
}

/** What still names module `id` and would be left pointing at nothing if it went. */
function dependentsOf(catalog: Catalog, id: string): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  for (const m of catalog.modules) {
    if (m.prerequisites.includes(id)) errors.push({ pointer: `/modules/${m.id}/prerequisites`, code: 'module_in_use', detail: `"${m.id}" requires it first.` });
  }
  for (const c of catalog.certifications) {
    if (c.requiredModules.includes(id)) errors.push({ pointer: `/certifications/${c.id}/requiredModules`, code: 'module_in_use', detail: `The certification "${c.id}" requires it.` });
  }
  return errors;
}

function checkCatalog(catalog: Catalog, policy: TierPolicy, changed: string): void {
  const ids = new Set(catalog.modules.map((m) => m.id));
  const tiers = new Set(policy.tiers.map((t) => t.id));
  const errors: ProblemFieldError[] = [];
  for (const m of catalog.modules) {
    if (m.id !== changed) continue;
    m.prerequisites.forEach((p, i) => {
      if (!ids.has(p) || p === m.id) errors.push({ pointer: `/prerequisites/${i}`, code: 'unknown_module', detail: `No other module "${p}".` });
    });
    if (m.minTier !== undefined && !tiers.has(m.minTier)) errors.push({ pointer: '/minTier', code: 'unknown_tier', detail: `No tier "${m.minTier}".` });
    m.prerequisites.forEach((p, i) => {
      if (p !== m.id && reaches(catalog, p, m.id)) {
        errors.push({ pointer: `/prerequisites/${i}`, code: 'prerequisite_cycle', detail: `"${p}" already requires "${m.id}", directly or through other modules.` });
      }
    });
  }
  for (const c of catalog.certifications) {
    if (c.id !== changed) continue;
    c.requiredModules.forEach((p, i) => {
      if (!ids.has(p)) errors.push({ pointer: `/requiredModules/${i}`, code: 'unknown_module', detail: `No module "${p}".` });
    });
  }
  if (errors.length > 0) throw unprocessable('invalid-catalog', 'The definition names what does not exist.', errors);
  const issues = validatePolicy({ policy, catalog });
  if (issues.length > 0) throw unprocessable('breaks-policy', 'The tier policy in force would no longer hold with this change.', fromIssues(issues));
}

/** Catalog and policy; reads for portal and admin keys, writes for admin keys. */
export function programRoutes(services: Services): Route[] {
  const { db } = services;

  // A program write commits first; partners are then re-evaluated in batches of their own.
  async function writeProgram(write: (tx: Tx, program: Program) => Promise<boolean>) {
    const created = await transaction(db, async (tx) => {
      const created = await write(tx, await lockProgram(tx));
      await bumpProgramRevision(tx);
      return created;
    });
    programStore(db).invalidate();
    // The write is durable from here: a failure while re-evaluating must not answer 5xx, or a
    // client's retry would store the same change again. The sweep re-evaluates stale partners.
    try {
      const reevaluation = await reevaluatePartners(services, { which: 'all', batchSize: services.config.reevaluationBatchSize });
      return { created, reevaluation };
    } catch (error) {
      services.logger.warn({ err: error }, 're-evaluation after a program change did not finish; the sweep will');
      return { created, reevaluation: { partners: 0, changed: 0, events: 0, pending: true } };
    }
  }

  const sameId = (id: string, body: { id: string }) => {
    if (body.id !== id) throw invalidInput([{ pointer: '/id', code: 'id_mismatch', detail: `The body's id must be "${id}", as in the path.` }]);
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
      summary: 'Creates or replaces a module; every partner is re-evaluated',
      tag: 'catalog',
      security: 'admin',
      params: moduleParams,
      body: { name: 'ModuleInput', schema: ModuleInputSchema },
      responses: { 200: { description: 'Replaced', schema: catalogUpdate }, 201: { description: 'Created', schema: catalogUpdate } },
      refusals: { 422: 'It names what does not exist, makes a prerequisite cycle, or would break the policy in force; `errors` lists each' },
      handle: async (c, { params: { id }, body: module }) => {
        sameId(id, module);
        const { created, reevaluation } = await writeProgram(async (tx, program) => {
          const existing = program.catalog.modules.findIndex((m) => m.id === id);
          const next = existing === -1 ? [...program.catalog.modules, module] : program.catalog.modules.map((m) => (m.id === id ? module : m));
          checkCatalog({ ...program.catalog, modules: next }, program.policy, id);
          const [{ position } = { position: 0 }] = await tx.select({ position: sql<number>`coalesce(max(${modules.position}) + 1, 0)` }).from(modules);
          await tx
            .insert(modules)
            .values({ id, position, definition: module })
            .onConflictDoUpdate({ target: modules.id, set: { definition: module, updatedAt: new Date() } });
          return existing === -1;
        });
        return c.json({ created, reevaluation }, created ? 201 : 200);
      },
    }),
    route({
      method: 'delete',
      path: '/v1/modules/{id}',
      summary: 'Removes a module nothing else requires; every partner is re-evaluated (their progress in it is kept, unused)',
      tag: 'catalog',
      security: 'admin',
      params: idParams('Module id'),
      responses: { 200: { description: 'Removed', schema: { name: 'CatalogRemovalResponse', schema: CatalogRemovalResponseSchema } } },
      refusals: { 422: 'Another module, a certification or the policy in force names it; `errors` lists each' },
      handle: async (c, { params: { id } }) => {
        const { reevaluation } = await writeProgram(async (tx, program) => {
          if (!program.catalog.modules.some((m) => m.id === id)) throw notFound(`No module "${id}".`);
          const dependents = dependentsOf(program.catalog, id);
          if (dependents.length > 0) throw unprocessable('module-in-use', `Other definitions require "${id}"; change them first.`, dependents);
          const issues = validatePolicy({ policy: program.policy, catalog: { ...program.catalog, modules: program.catalog.modules.filter((m) => m.id !== id) } });
          if (issues.length > 0) throw unprocessable('breaks-policy', 'The tier policy in force would no longer hold with this change.', fromIssues(issues));
          await tx.delete(modules).where(eq(modules.id, id));
          return false;
        });
        return c.json({ reevaluation });
      },
    }),
    route({
      method: 'put',
      path: '/v1/certifications/{id}',
      summary: 'Creates or replaces a certification; every partner is re-evaluated',
      tag: 'catalog',
      security: 'admin',
      params: certificationParams,
      body: { name: 'CertificationInput', schema: CertificationInputSchema },
      responses: { 200: { description: 'Replaced', schema: catalogUpdate }, 201: { description: 'Created', schema: catalogUpdate } },
      refusals: { 422: 'It names a module that does not exist, or would break the policy in force; `errors` lists each' },
      handle: async (c, { params: { id }, body: certification }) => {
        sameId(id, certification);
        const { created, reevaluation } = await writeProgram(async (tx, program) => {
          const existing = program.catalog.certifications.findIndex((x) => x.id === id);
          const next = existing === -1 ? [...program.catalog.certifications, certification] : program.catalog.certifications.map((x) => (x.id === id ? certification : x));
          checkCatalog({ ...program.catalog, certifications: next }, program.policy, id);
          await tx
            .insert(certifications)
            .values({ id, definition: certification })
            .onConflictDoUpdate({ target: certifications.id, set: { definition: certification, updatedAt: new Date() } });
          return existing === -1;
        });
        return c.json({ created, reevaluation }, created ? 201 : 200);
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
      summary: 'Stores a new policy version (validated against the catalog) and re-evaluates every partner in batches',
      tag: 'policy',
      security: 'admin',
      body: { name: 'PolicyInput', schema: PolicyInputSchema },
      responses: { 200: { description: 'The stored policy and the re-evaluation', schema: { name: 'PolicyUpdateResponse', schema: PolicyUpdateResponseSchema } } },
      refusals: { 422: 'The policy breaks a rule (unknown ids, unreachable counts, weaker requirements up the tiers, …); `errors` lists each' },
      handle: async (c, { body: input }) => {
        let stored: TierPolicy | undefined;
        const { reevaluation } = await writeProgram(async (tx, program) => {
          const [{ latest } = { latest: 0 }] = await tx.select({ latest: max(policyVersions.version) }).from(policyVersions);
          try {
            stored = parsePolicy({ ...input, version: (latest ?? 0) + 1 }, program.catalog);
          } catch (error) {
            if (isPolicyValidationError(error)) throw unprocessable('invalid-policy', 'The policy breaks a rule; see errors.', fromIssues(error.issues));
            throw error;
          }
          await tx.insert(policyVersions).values({ version: stored.version, policy: stored });
          return false;
        });
        return c.json({ policy: stored!, reevaluation });
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
        const rows = await db.select({ version: policyVersions.version, createdAt: policyVersions.createdAt }).from(policyVersions).orderBy(desc(policyVersions.version));
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
        const [row] = await db.select({ policy: policyVersions.policy }).from(policyVersions).where(eq(policyVersions.version, version)).limit(1);
        if (!row) throw notFound(`No policy version ${version}.`);
        return c.json(row.policy as TierPolicy);
      },
    }),
  ];
}

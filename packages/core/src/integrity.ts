import type { Issue } from './errors.ts';
import type { Catalog } from './schemas/catalog.ts';
import type { TierPolicy } from './schemas/policy.ts';

export interface ValidateCatalogOptions {
  catalog: Catalog;
  /** The policy in force: a module's `minTier` must name one of its tiers. */
  policy: Pick<TierPolicy, 'tiers'>;
  /**
   * Check only the definitions with this id (the module or certification being written), against
   * the whole catalog; default every definition.
   */
  only?: string;
}

/**
 * What a catalog's definitions name that does not hold: the rules the schema cannot express.
 * Returns the issues, each with its path from the catalog's root (`modules.<i>.prerequisites.<j>`,
 * `modules.<i>.minTier`, `certifications.<i>.requiredModules.<j>`, `….id`); an empty list means
 * consistent. Codes:
 *
 * - `catalog.duplicate_id` (`id`, `first`: index of the first): two modules or two certifications
 *   with one id.
 * - `catalog.unknown_module` (`moduleId`): a prerequisite or required module that is not in the
 *   catalog.
 * - `catalog.prerequisite_cycle` (`moduleId`, `prerequisite`): the prerequisite already requires
 *   the module, directly or through others (also a module that requires itself); neither could
 *   ever be started.
 * - `catalog.unknown_tier` (`tier`): a `minTier` the policy has no tier of.
 *
 * Whether the policy still holds with the catalog is `validatePolicy`'s (`policy.*` codes).
 *
 * @example
 * const issues = validateCatalog({ catalog: { ...catalog, modules: [...catalog.modules, module] }, policy, only: module.id });
 */
export function validateCatalog({ catalog, policy, only }: ValidateCatalogOptions): Issue[] {
  const issues: Issue[] = [];
  const checked = (id: string) => only === undefined || id === only;
  const prerequisites = new Map(catalog.modules.map((m) => [m.id, m.prerequisites]));
  const tiers = new Set(policy.tiers.map((t) => t.id));
  duplicates(catalog.modules, 'modules', checked, issues);
  duplicates(catalog.certifications, 'certifications', checked, issues);
  catalog.modules.forEach((m, i) => {
    if (!checked(m.id)) return;
    m.prerequisites.forEach((p, j) => {
      const path = ['modules', i, 'prerequisites', j];
      if (p === m.id || reaches(prerequisites, p, m.id))
        issues.push({ path, code: 'catalog.prerequisite_cycle', params: { moduleId: m.id, prerequisite: p } });
      else if (!prerequisites.has(p)) issues.push({ path, code: 'catalog.unknown_module', params: { moduleId: p } });
    });
    if (m.minTier !== undefined && !tiers.has(m.minTier))
      issues.push({ path: ['modules', i, 'minTier'], code: 'catalog.unknown_tier', params: { tier: m.minTier } });
  });
  catalog.certifications.forEach((c, i) => {
    if (!checked(c.id)) return;
    c.requiredModules.forEach((r, j) => {
      if (!prerequisites.has(r))
        issues.push({ path: ['certifications', i, 'requiredModules', j], code: 'catalog.unknown_module', params: { moduleId: r } });
    });
  });
  return issues;
}

export interface ModuleDependentsOptions {
  catalog: Catalog;
  /** The module about to be removed. */
  moduleId: string;
}

/**
 * What in the catalog names a module and would be left pointing at nothing if it went: code
 * `catalog.module_in_use` with `moduleId` and `dependent` (the id of the module or certification
 * that names it), path `modules.<i>.prerequisites` or `certifications.<i>.requiredModules`. The
 * policy's own references are `validatePolicy`'s, on the catalog without the module.
 *
 * @example
 * const issues = moduleDependents({ catalog, moduleId: 'solution-selling' }); // [] when it can go
 */
export function moduleDependents({ catalog, moduleId }: ModuleDependentsOptions): Issue[] {
  const issues: Issue[] = [];
  catalog.modules.forEach((m, i) => {
    if (m.id !== moduleId && m.prerequisites.includes(moduleId))
      issues.push({ path: ['modules', i, 'prerequisites'], code: 'catalog.module_in_use', params: { moduleId, dependent: m.id } });
  });
  catalog.certifications.forEach((c, i) => {
    if (c.requiredModules.includes(moduleId))
      issues.push({ path: ['certifications', i, 'requiredModules'], code: 'catalog.module_in_use', params: { moduleId, dependent: c.id } });
  });
  return issues;
}

function duplicates(definitions: readonly { id: string }[], list: string, checked: (id: string) => boolean, issues: Issue[]): void {
  const seen = new Map<string, number>();
  definitions.forEach(({ id }, i) => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else if (checked(id)) issues.push({ path: [list, i, 'id'], code: 'catalog.duplicate_id', params: { id, first } });
  });
}

/** Whether `from` requires `to` through its chain of prerequisites. */
function reaches(prerequisites: ReadonlyMap<string, readonly string[]>, from: string, to: string): boolean {
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

import { PolicyValidationError, type Issue } from './errors.ts';
import type { Catalog } from './schemas/catalog.ts';
import { TierPolicySchema, type Requirement, type TierPolicy } from './schemas/policy.ts';

export interface ValidatePolicyOptions {
  policy: TierPolicy;
  catalog: Catalog;
}

/**
 * Parses and checks a tier policy against a catalog. Throws a `PolicyValidationError` listing
 * every issue (schema issues as `schema.<zod code>`, rule issues as `policy.<rule>`).
 *
 * @example
 * const policy = parsePolicy(await request.json(), catalog);
 */
export function parsePolicy(input: unknown, catalog: Catalog): TierPolicy {
  const result = TierPolicySchema.safeParse(input);
  if (!result.success) {
    throw new PolicyValidationError(
      result.error.issues.map((issue) => {
        const { path, code, message: _message, input: _input, ...params } = issue as typeof issue & { input?: unknown };
        return { path: path.map((p) => (typeof p === 'symbol' ? String(p) : p)), code: `schema.${code}`, params };
      }),
    );
  }
  const issues = validatePolicy({ policy: result.data, catalog });
  if (issues.length > 0) throw new PolicyValidationError(issues);
  return result.data;
}

// What a requirement measures and how much of it: a requirement asks for at least `value` of
// `key`, so one asks for more than another of the same key, or for nothing once `value` ≤ 0.
function threshold(r: Requirement, catalog: Catalog): { key: string; value: number } {
  switch (r.kind) {
    case 'training_hours':
      return { key: 'training_hours', value: r.hours };
    case 'performance':
      return { key: 'performance', value: r.score };
    case 'category_count':
      return { key: `category_count:${r.category}`, value: r.count };
    case 'category_complete':
      return { key: `category_count:${r.category}`, value: catalog.modules.filter((m) => m.category === r.category).length };
    case 'certification_level':
      return { key: `certification_level:${r.level}`, value: r.count };
    case 'module_completed':
      return { key: `module:${r.moduleId}`, value: 1 };
    case 'certification':
      return { key: `certification:${r.certificationId}`, value: 1 };
  }
}

function checkRequirement(r: Requirement, path: Issue['path'], catalog: Catalog, issues: Issue[]): void {
  if (r.kind === 'module_completed' && !catalog.modules.some((m) => m.id === r.moduleId)) {
    issues.push({ path: [...path, 'moduleId'], code: 'policy.unknown_module', params: { moduleId: r.moduleId } });
  }
  if (r.kind === 'certification' && !catalog.certifications.some((c) => c.id === r.certificationId)) {
    issues.push({
      path: [...path, 'certificationId'],
      code: 'policy.unknown_certification',
      params: { certificationId: r.certificationId },
    });
  }
  if (r.kind === 'category_count') {
    const available = catalog.modules.filter((m) => m.category === r.category).length;
    if (r.count > available) {
      issues.push({ path: [...path, 'count'], code: 'policy.unreachable', params: { target: r.count, available } });
    }
  }
  if (r.kind === 'certification_level') {
    const available = catalog.certifications.filter((c) => c.level === r.level).length;
    if (r.count > available) {
      issues.push({ path: [...path, 'count'], code: 'policy.unreachable', params: { target: r.count, available } });
    }
  }
}

/**
 * The rules of a policy that the schema cannot express, which no program can mean: unique ids;
 * an entry tier (the lowest tier, where every partner starts and which every partner holds
 * whatever they have done, asks for nothing); tiers in ascending order (multipliers never
 * decrease, no threshold lower than a lower tier's, and each tier above the entry asks for
 * something its lower tiers do not, or nobody could hold the tier below it); requirements naming
 * modules and certifications that exist and can be reached; a cap not below the base rate.
 * Returns the issues; an empty list means valid. What is valid but unusual is `unusualPolicy`'s.
 */
export function validatePolicy({ policy, catalog }: ValidatePolicyOptions): Issue[] {
  const issues: Issue[] = [];
  if (policy.cap < policy.baseRate) {
    issues.push({ path: ['cap'], code: 'policy.cap_below_base', params: { cap: policy.cap, baseRate: policy.baseRate } });
  }
  const entry = policy.tiers[0];
  if (entry && entry.requirements.length > 0) {
    // The engine places a partner who meets none of them in it anyway, and nobody above it.
    issues.push({ path: ['tiers', 0, 'requirements'], code: 'policy.no_entry_tier', params: { tier: entry.id } });
  }
  const tierIds = new Map<string, number>();
  const strongest = new Map<string, { value: number; tier: string }>();
  policy.tiers.forEach((tier, i) => {
    const first = tierIds.get(tier.id);
    if (first !== undefined) {
      issues.push({ path: ['tiers', i, 'id'], code: 'policy.duplicate_id', params: { id: tier.id, first } });
    } else {
      tierIds.set(tier.id, i);
    }
    const below = policy.tiers[i - 1];
    if (below && tier.multiplier < below.multiplier) {
      issues.push({
        path: ['tiers', i, 'multiplier'],
        code: 'policy.multiplier_decreasing',
        params: { multiplier: tier.multiplier, lowerTier: below.id, lowerMultiplier: below.multiplier },
      });
    }
    const own = new Map<string, number>();
    let addsSomething = false;
    tier.requirements.forEach((r, j) => {
      const path = ['tiers', i, 'requirements', j];
      checkRequirement(r, path, catalog, issues);
      const t = threshold(r, catalog);
      const lower = strongest.get(t.key);
      if (t.value > 0 && (!lower || t.value > lower.value)) addsSomething = true;
      if (lower && t.value < lower.value) {
        issues.push({
          path,
          code: 'policy.requirement_weaker',
          params: { kind: r.kind, target: t.value, lowerTier: lower.tier, lowerTarget: lower.value },
        });
      }
      own.set(t.key, Math.max(t.value, own.get(t.key) ?? -Infinity));
    });
    if (below && !addsSomething) {
      issues.push({ path: ['tiers', i, 'requirements'], code: 'policy.tier_adds_nothing', params: { tier: tier.id, lowerTier: below.id } });
    }
    for (const [key, value] of own) {
      const lower = strongest.get(key);
      if (!lower || value > lower.value) strongest.set(key, { value, tier: tier.id });
    }
  });
  const bonusIds = new Map<string, number>();
  policy.bonuses.forEach((bonus, i) => {
    const first = bonusIds.get(bonus.id);
    if (first !== undefined) {
      issues.push({ path: ['bonuses', i, 'id'], code: 'policy.duplicate_id', params: { id: bonus.id, first } });
    } else {
      bonusIds.set(bonus.id, i);
    }
    if ((bonus.kind === 'absolute' || bonus.kind === 'relative') && bonus.when) {
      checkRequirement(bonus.when, ['bonuses', i, 'when'], catalog, issues);
    }
  });
  const w = policy.scoreWeights;
  if (w.performance + w.completion + w.assessment <= 0) {
    issues.push({ path: ['scoreWeights'], code: 'policy.weights_zero', params: {} });
  }
  return issues;
}

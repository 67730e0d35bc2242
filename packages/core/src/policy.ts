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

// Numeric thresholds that a higher tier must not set lower than a lower tier does: the key
// groups thresholds that measure the same thing.
function threshold(r: Requirement): { key: string; value: number } | null {
  switch (r.kind) {
    case 'training_hours':
      return { key: 'training_hours', value: r.hours };
    case 'performance':
      return { key: 'performance', value: r.score };
    case 'category_count':
      return { key: `category_count:${r.category}`, value: r.count };
    case 'certification_level':
      return { key: `certification_level:${r.level}`, value: r.count };
    default:
      return null;
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
 * The rules of a policy that the schema cannot express: unique ids, tiers in ascending order
 * (multipliers never decrease, no threshold lower than a lower tier's), requirements naming
 * modules and certifications that exist and can be reached, a cap not below the base rate.
 * Returns the issues; an empty list means valid.
 */
export function validatePolicy({ policy, catalog }: ValidatePolicyOptions): Issue[] {
  const issues: Issue[] = [];
  if (policy.cap < policy.baseRate) {
    issues.push({ path: ['cap'], code: 'policy.cap_below_base', params: { cap: policy.cap, baseRate: policy.baseRate } });
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
    tier.requirements.forEach((r, j) => {
      const path = ['tiers', i, 'requirements', j];
      checkRequirement(r, path, catalog, issues);
      const t = threshold(r);
      if (!t) return;
      const lower = strongest.get(t.key);
      if (lower && t.value < lower.value) {
        issues.push({
          path,
          code: 'policy.requirement_weaker',
          params: { kind: r.kind, target: t.value, lowerTier: lower.tier, lowerTarget: lower.value },
        });
      }
      own.set(t.key, Math.max(t.value, own.get(t.key) ?? -Infinity));
    });
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

import { UNITS } from './compile.ts';
import type { Issue } from './errors.ts';
import { validatePolicy, type ValidatePolicyOptions } from './policy.ts';

/**
 * The highest base rate (percentage points) a program usually pays. The default program pays 10
 * and partner programs' entry commissions sit around 5–20%; a base above 25 more often is a slip
 * (50 typed for 5.0) than a decision, and the multipliers raise it further up the tiers.
 */
export const USUAL_BASE_RATE_MAX = 25;

/** An issue of a policy, and whether an admin may still store the policy by forcing it. */
export interface PolicyIssue extends Issue {
  forceable: boolean;
}

/**
 * What a valid policy may mean but seldom does, refused unless an admin forces it:
 * - `policy.base_rate_high`: a base rate above `USUAL_BASE_RATE_MAX`;
 * - `policy.base_rate_zero`: a base rate of 0, which every multiplier multiplies to nothing;
 * - `policy.tier_pays_no_more`: a tier whose rate before bonuses (base × multiplier, capped) is
 *   no higher than the tier below's: an equal multiplier, or a cap that swallows the step;
 * - `policy.bonus_never_applies`: a per-certification or per-module bonus for a level or category
 *   the catalog has nothing in;
 * - `policy.bonus_no_gain`: a relative bonus with a factor of 1 or less, which lowers the rate or
 *   leaves it as it is.
 */
export function unusualPolicy({ policy, catalog }: ValidatePolicyOptions): Issue[] {
  const issues: Issue[] = [];
  if (policy.baseRate > USUAL_BASE_RATE_MAX) {
    issues.push({ path: ['baseRate'], code: 'policy.base_rate_high', params: { baseRate: policy.baseRate, max: USUAL_BASE_RATE_MAX } });
  }
  if (policy.baseRate === 0) {
    issues.push({ path: ['baseRate'], code: 'policy.base_rate_zero', params: {} });
  } else {
    // In the engine's integer units, so that the figures are the rates a partner would see.
    const base = Math.round(policy.baseRate * UNITS);
    const cap = Math.round(policy.cap * UNITS);
    const rate = (multiplier: number) => Math.min(cap, Math.round(base * multiplier)) / UNITS;
    policy.tiers.forEach((tier, i) => {
      const below = policy.tiers[i - 1];
      // A falling multiplier is already invalid (`policy.multiplier_decreasing`).
      if (!below || tier.multiplier < below.multiplier || rate(tier.multiplier) > rate(below.multiplier)) return;
      issues.push({
        path: ['tiers', i, 'multiplier'],
        code: 'policy.tier_pays_no_more',
        params: { tier: tier.id, rate: rate(tier.multiplier), lowerTier: below.id, lowerRate: rate(below.multiplier) },
      });
    });
  }
  policy.bonuses.forEach((bonus, i) => {
    if (bonus.kind === 'per_certification' && !catalog.certifications.some((c) => c.level === bonus.level)) {
      issues.push({ path: ['bonuses', i], code: 'policy.bonus_never_applies', params: { id: bonus.id, level: bonus.level } });
    }
    if (bonus.kind === 'per_module' && !catalog.modules.some((m) => m.category === bonus.category)) {
      issues.push({ path: ['bonuses', i], code: 'policy.bonus_never_applies', params: { id: bonus.id, category: bonus.category } });
    }
    if (bonus.kind === 'relative' && bonus.factor <= 1) {
      issues.push({ path: ['bonuses', i, 'factor'], code: 'policy.bonus_no_gain', params: { id: bonus.id, factor: bonus.factor } });
    }
  });
  return issues;
}

/**
 * Every issue of a schema-valid policy: what `validatePolicy` refuses (never forceable), then
 * what `unusualPolicy` finds (forceable). An empty list means the policy may be stored as it is.
 *
 * @example
 * const issues = reviewPolicy({ policy: { ...DEFAULT_POLICY, baseRate: 50 }, catalog: DEFAULT_CATALOG });
 * // [{ path: ['baseRate'], code: 'policy.base_rate_high', params: { baseRate: 50, max: 25 }, forceable: true }]
 */
export function reviewPolicy(options: ValidatePolicyOptions): PolicyIssue[] {
  return [
    ...validatePolicy(options).map((i) => ({ ...i, forceable: false })),
    ...unusualPolicy(options).map((i) => ({ ...i, forceable: true })),
  ];
}

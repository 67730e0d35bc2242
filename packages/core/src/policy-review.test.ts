import { describe, expect, it } from 'vitest';
import { reviewPolicy, unusualPolicy } from './policy-review.ts';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import type { Catalog } from './schemas/catalog.ts';
import type { TierPolicy } from './schemas/policy.ts';

const policy = (): TierPolicy => structuredClone<TierPolicy>(DEFAULT_POLICY);
const codes = (p: TierPolicy, catalog: Catalog = DEFAULT_CATALOG) => unusualPolicy({ policy: p, catalog }).map((i) => i.code);

describe('unusualPolicy', () => {
  it('finds nothing unusual in the default program', () => {
    expect(reviewPolicy({ policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG })).toEqual([]);
  });

  it('flags a base rate above 25 points, and takes 25 itself', () => {
    expect(unusualPolicy({ policy: { ...policy(), baseRate: 50, cap: 100 }, catalog: DEFAULT_CATALOG })).toEqual([
      { path: ['baseRate'], code: 'policy.base_rate_high', params: { baseRate: 50, max: 25 } },
    ]);
    expect(codes({ ...policy(), baseRate: 25, cap: 60 })).toEqual([]);
  });

  it('flags a base rate of 0 (every multiplier multiplies nothing)', () => {
    expect(codes({ ...policy(), baseRate: 0 })).toEqual(['policy.base_rate_zero']);
  });

  it('flags a tier that pays no more than the one below: an equal multiplier, or a cap that swallows the step', () => {
    const equal = policy();
    equal.tiers[1]!.multiplier = 1;
    expect(unusualPolicy({ policy: equal, catalog: DEFAULT_CATALOG })).toEqual([
      {
        path: ['tiers', 1, 'multiplier'],
        code: 'policy.tier_pays_no_more',
        params: { tier: 'silver', rate: 10, lowerTier: 'bronze', lowerRate: 10 },
      },
    ]);
    // 10 × 1.5 and 10 × 2 both capped at 14: Gold pays more than Silver (12), Platinum no more than Gold.
    const capped = unusualPolicy({ policy: { ...policy(), cap: 14 }, catalog: DEFAULT_CATALOG });
    expect(capped).toEqual([
      {
        path: ['tiers', 3, 'multiplier'],
        code: 'policy.tier_pays_no_more',
        params: { tier: 'platinum', rate: 14, lowerTier: 'gold', lowerRate: 14 },
      },
    ]);
  });

  it('leaves a falling multiplier to validatePolicy (invalid, not unusual)', () => {
    const falling = policy();
    falling.tiers[2]!.multiplier = 1.1;
    expect(codes(falling)).toEqual([]);
    expect(reviewPolicy({ policy: falling, catalog: DEFAULT_CATALOG })).toEqual([
      expect.objectContaining({ code: 'policy.multiplier_decreasing', forceable: false }),
    ]);
  });

  it('flags a per-item bonus for what the catalog has none of, and a relative bonus that gains nothing', () => {
    const p = policy();
    p.bonuses.push({ kind: 'per_module', id: 'electives', category: 'elective', points: 1, max: 2 });
    p.bonuses.push({ kind: 'relative', id: 'malus', factor: 0.9 });
    const noElectives = { ...DEFAULT_CATALOG, modules: DEFAULT_CATALOG.modules.filter((m) => m.category !== 'elective') };
    expect(unusualPolicy({ policy: p, catalog: noElectives })).toEqual([
      { path: ['bonuses', 2], code: 'policy.bonus_never_applies', params: { id: 'electives', category: 'elective' } },
      { path: ['bonuses', 3, 'factor'], code: 'policy.bonus_no_gain', params: { id: 'malus', factor: 0.9 } },
    ]);
    expect(codes(p)).toEqual(['policy.bonus_no_gain']);
    const noAdvanced = { ...DEFAULT_CATALOG, certifications: DEFAULT_CATALOG.certifications.filter((c) => c.level !== 'advanced') };
    expect(codes(policy(), noAdvanced)).toEqual(['policy.bonus_never_applies']);
  });
});

describe('reviewPolicy', () => {
  it('lists the invalid issues (never forceable) before the unusual ones (forceable)', () => {
    const p = { ...policy(), baseRate: 50, cap: 40 };
    p.tiers = p.tiers.slice(1);
    expect(reviewPolicy({ policy: p, catalog: DEFAULT_CATALOG }).map((i) => [i.code, i.forceable])).toEqual([
      ['policy.cap_below_base', false],
      ['policy.no_entry_tier', false],
      ['policy.base_rate_high', true],
      ['policy.tier_pays_no_more', true],
      ['policy.tier_pays_no_more', true],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import { recommend } from './advice.ts';
import { lockedModules } from './recommend.ts';
import { simulate } from './simulate.ts';
import { allCore, cert, CORE, done, NOW, started, stateOf } from './testing/fixtures.ts';

const base = { policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG, now: NOW };

describe('recommend', () => {
  it('puts the module that reaches the next tier first, with its value per year', () => {
    const state = stateOf({ progress: CORE.filter((id) => id !== 'solution-selling').map((id) => done(id, 2 * 3600)), revenue: 200_000 });
    const [first] = recommend({ ...base, state });
    expect(first).toMatchObject({
      moduleId: 'solution-selling',
      rank: 1,
      rateDelta: 7,
      tierAfter: 'silver',
      yearlyValue: 14_000,
      currency: 'EUR',
      hours: 1.25,
    });
    expect(first?.reasons.map((r) => r.code)).toEqual([
      'recommendation.reaches_tier',
      'recommendation.rate_gain',
      'recommendation.unlocks_requirement',
      'recommendation.earns_certification',
    ]);
    expect(first?.reasons[0]).toEqual({ code: 'recommendation.reaches_tier', params: { tier: 'silver' } });
  });

  it('has no yearly value without revenue', () => {
    expect(recommend({ ...base, state: stateOf() })[0]?.yearlyValue).toBeNull();
  });

  it('offers only modules whose prerequisites are done and whose minimum tier is reached', () => {
    const ids = recommend({ ...base, state: stateOf(), limit: Infinity }).map((r) => r.moduleId);
    expect(ids).toContain('product-fundamentals');
    expect(ids).not.toContain('solution-selling'); // needs product-fundamentals
    const silver = stateOf({ progress: allCore(6 * 3600) });
    const silverIds = recommend({ ...base, state: silver, limit: Infinity }).map((r) => r.moduleId);
    expect(silverIds).toContain('implementation-methodology'); // minTier silver
    expect(recommend({ ...base, state: stateOf({ progress: allCore(3600) }), limit: Infinity }).map((r) => r.moduleId)).not.toContain(
      'implementation-methodology',
    );
  });

  it('marks modules of a certification in progress and of the weakest category', () => {
    const state = stateOf({ progress: [...allCore(6 * 3600), done('architecture-deep-dive', 3600)], performance: 70 });
    const recs = recommend({ ...base, state, limit: Infinity });
    const integration = recs.find((r) => r.moduleId === 'integration-patterns');
    expect(integration?.reasons).toContainEqual({
      code: 'recommendation.certification_progress',
      params: { certificationId: 'solution-architect', remaining: 1 },
    });
    const elective = recs.find((r) => r.moduleId === 'negotiation-skills');
    expect(elective?.reasons).toContainEqual({ code: 'recommendation.weak_area', params: { category: 'elective' } });
  });

  it('ranks the module that finishes an advanced certification above the rest at Silver', () => {
    const state = stateOf({
      progress: [...allCore(6 * 3600), done('architecture-deep-dive', 3600), done('integration-patterns', 3600)],
      performance: 70,
    });
    const [first] = recommend({ ...base, state });
    expect(first?.moduleId).toBe('security-and-compliance');
    expect(first?.tierAfter).toBe('gold');
    expect(first?.rateDelta).toBe(4); // ×1.5 instead of ×1.2 (+3) and the uplift (+1)
  });

  it('applies the grace rule to the state after the step, as simulate does', () => {
    // Recorded Platinum; one advanced certificate lapsed 5 days ago, 1 h short of 20 h: Gold now,
    // and an hour more brings Platinum back within the lapsed certificate's grace.
    const state = stateOf({
      tier: 'platinum',
      performance: 90,
      progress: allCore(19 * 3600),
      certificates: [cert('solution-architect'), cert('implementation-specialist', -5)],
    });
    const recs = recommend({ ...base, state, limit: Infinity });
    const negotiation = recs.find((r) => r.moduleId === 'negotiation-skills');
    expect(negotiation?.tierAfter).toBe('platinum');
    const s = simulate({ ...base, state, steps: { complete: ['negotiation-skills'] } });
    expect(s.after.tier).toBe('platinum');
    expect(negotiation?.rateDelta).toBe(s.delta.rateDelta);
  });

  it('respects the limit', () => {
    expect(recommend({ ...base, state: stateOf(), limit: 2 })).toHaveLength(2);
    expect(recommend({ ...base, state: stateOf(), limit: 0 })).toEqual([]);
  });

  it('counts the remaining study time from the percent done', () => {
    const recs = recommend({ ...base, state: stateOf({ progress: [started('product-fundamentals', 600, 50)] }), limit: Infinity });
    expect(recs.find((r) => r.moduleId === 'product-fundamentals')?.hours).toBe(0.75);
  });
});

describe('lockedModules', () => {
  it('names missing prerequisites and the minimum tier', () => {
    const locked = lockedModules({ ...base, state: stateOf({ certificates: [cert('sales-foundation')] }) });
    expect(locked.find((l) => l.moduleId === 'solution-selling')).toEqual({
      moduleId: 'solution-selling',
      reasons: [{ code: 'locked.prerequisites', params: { missing: ['product-fundamentals'] } }],
    });
    expect(locked.find((l) => l.moduleId === 'implementation-methodology')?.reasons).toEqual([
      { code: 'locked.prerequisites', params: { missing: ['customer-onboarding'] } },
      { code: 'locked.min_tier', params: { minTier: 'silver', tier: 'bronze' } },
    ]);
    expect(locked.some((l) => l.moduleId === 'product-fundamentals')).toBe(false);
  });
});

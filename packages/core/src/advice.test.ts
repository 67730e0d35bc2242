import { describe, expect, it } from 'vitest';
import { advise } from './advice.ts';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import { simulate } from './simulate.ts';
import type { Certificate } from './schemas/state.ts';
import { allCore, cert, CORE, daysFromNow, done, doneOn, NOW, stateOf } from './testing/fixtures.ts';

const SA = ['architecture-deep-dive', 'integration-patterns', 'security-and-compliance'];
const H = 3600;
const base = { policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG, now: NOW };

function goldOn(sa: Certificate, performance = 70) {
  const before = new Date(Date.parse(sa.issuedAt) - 86_400_000).toISOString();
  return stateOf({
    tier: 'gold',
    performance,
    revenue: 480_000,
    progress: [...allCore(8 * H), ...SA.map((id) => doneOn(id, before))],
    certificates: [sa],
  });
}

describe('advise', () => {
  it('puts the renewal first when it keeps more per hour than the best gain earns', () => {
    const { nextStep, recommendations } = advise({ ...base, state: goldOn(cert('solution-architect', 20)) });
    expect(nextStep).toMatchObject({
      kind: 'renew',
      tier: 'gold',
      certificationId: 'solution-architect',
      actBy: daysFromNow(20),
      hours: 5,
      rateDelta: 4,
      yearlyValue: 19_200,
      currency: 'EUR',
    });
    expect(nextStep?.modules.map((m) => m.moduleId)).toEqual(SA);
    expect(recommendations.slice(0, 3).map((r) => [r.moduleId, r.protects])).toEqual(SA.map((id) => [id, 4]));
    expect(recommendations[0]?.reasons[0]).toEqual({
      code: 'recommendation.renews',
      params: { certificationId: 'solution-architect', actBy: daysFromNow(20), tier: 'gold', points: 4 },
    });
  });

  it('keeps gaining first when a renewal protects little for its hours', () => {
    // A Silver partner two modules from Gold, whose foundation certificate's end costs nothing.
    const state = stateOf({
      tier: 'silver',
      performance: 70,
      progress: [...allCore(8 * H), done(SA[0]!, 2 * H), done(SA[1]!, 2 * H)],
      certificates: [cert('sales-foundation', 10)],
    });
    const { nextStep, recommendations } = advise({ ...base, state });
    expect(nextStep).toMatchObject({ kind: 'tier', tier: 'gold', rateDelta: 4, blockedBy: [] });
    expect(nextStep?.modules.map((m) => m.moduleId)).toEqual(['security-and-compliance']);
    expect(recommendations[0]?.moduleId).toBe('security-and-compliance');
  });

  it('names every module the next tier needs and the gain of the whole way, which simulate confirms', () => {
    const state = stateOf({ progress: [done('product-fundamentals', 3 * H), done('partner-program-essentials', H)], revenue: 200_000 });
    const { nextStep, recommendations } = advise({ ...base, state });
    const ways = ['solution-selling', 'pricing-and-licensing', 'customer-onboarding'];
    expect(nextStep?.kind).toBe('tier');
    expect(nextStep?.tier).toBe('silver');
    expect(nextStep?.modules.map((m) => m.moduleId).sort()).toEqual([...ways].sort());
    const whole = simulate({ ...base, state, steps: { complete: nextStep!.modules.map((m) => m.moduleId) } });
    expect(whole.after.tier).toBe('silver');
    expect(nextStep?.rateDelta).toBe(whole.delta.rateDelta);
    expect(nextStep?.rateDelta).toBe(7);
    expect(nextStep?.yearlyValue).toBe(14_000);
    // The recommendations follow the path, and say where each step stands on it.
    expect(recommendations.slice(0, 3).map((r) => r.moduleId)).toEqual(nextStep!.modules.map((m) => m.moduleId));
    expect(recommendations[1]?.reasons[0]).toEqual({ code: 'recommendation.on_path', params: { tier: 'silver', step: 2, steps: 3 } });
  });

  it('adds modules for missing training hours, the smallest that covers what is left', () => {
    // Every core module done but only 5 h 15 min of training: 45 minutes short of Silver.
    const state = stateOf({ progress: CORE.map((id, i) => done(id, i === 0 ? 5 * H + 15 * 60 - 4 : 1)) });
    const { nextStep } = advise({ ...base, state });
    expect(nextStep?.tier).toBe('silver');
    expect(nextStep?.modules).toEqual([{ moduleId: 'industry-healthcare', code: 'path.take', hours: 0.75 }]);
  });

  it('says what training cannot do: a performance score the next tier needs', () => {
    const state = stateOf({
      tier: 'gold',
      performance: 70,
      progress: [...allCore(25 * H), ...SA.map((id) => done(id, H))],
      certificates: [cert('solution-architect', 400), cert('implementation-specialist', 400)],
    });
    const { nextStep } = advise({ ...base, state });
    expect(nextStep).toMatchObject({ kind: 'tier', tier: 'platinum', modules: [], rateDelta: 0 });
    expect(nextStep?.blockedBy.map((r) => [r.code, r.params.score])).toEqual([['requirement.performance', 80]]);
  });

  it('reports the partner score with its parts and what a module adds to it', () => {
    const { score, recommendations } = advise({
      ...base,
      state: stateOf({ performance: 64, progress: [done('product-fundamentals', H, 88)] }),
    });
    expect(score).toEqual({
      score: 32 + 0.3 * (100 / 15) + 0.2 * 88,
      performance: 64,
      completion: 6.67,
      assessment: 88,
      weights: DEFAULT_POLICY.scoreWeights,
    });
    expect(recommendations[0]?.scoreDelta).toBe(2);
  });
});

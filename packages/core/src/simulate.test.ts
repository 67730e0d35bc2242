import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import { SimulationSchema } from './schemas/evaluation.ts';
import { simulate } from './simulate.ts';
import { allCore, CORE, done, NOW, started, stateOf } from './testing/fixtures.ts';

const base = { policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG, now: NOW };

describe('simulate', () => {
  it('completing the last core module reaches Silver with the training bonus: +7 points', () => {
    const state = stateOf({ progress: CORE.slice(0, 4).map((id) => done(id, 2 * 3600)) });
    const s = simulate({ ...base, state, steps: { complete: ['customer-onboarding'] } });
    expect(s.delta).toEqual({
      tierChanged: true,
      fromTier: 'bronze',
      toTier: 'silver',
      rateDelta: 7,
      certificationsEarned: ['sales-foundation'],
    });
    expect(SimulationSchema.safeParse(s).success).toBe(true);
    expect(s.before.commission.rate).toBe(10);
    expect(s.after.commission.rate).toBe(17);
  });

  it('earns a certification whose modules the steps complete, and one named outright', () => {
    const state = stateOf({ progress: allCore(6 * 3600), performance: 70 });
    const s = simulate({
      ...base,
      state,
      steps: {
        complete: ['architecture-deep-dive', 'integration-patterns', 'security-and-compliance'],
        earn: ['implementation-specialist'],
      },
    });
    expect(s.delta.certificationsEarned).toEqual(['solution-architect', 'implementation-specialist']);
    expect(s.after.facts.activeCertifications.advanced).toBe(2);
    expect(s.after.tier).toBe('gold');
    // 5 h 48 min of estimates + 6 h already: 11.8 h, Platinum still needs 20 h and performance 80
    expect(s.after.next?.missing.map((m) => m.code)).toEqual(['requirement.training_hours', 'requirement.performance']);
  });

  it('counts at least the estimated time for a completed module, keeping time already spent', () => {
    const state = stateOf({ progress: [started('product-fundamentals', 2 * 3600)] });
    const s = simulate({ ...base, state, steps: { complete: ['product-fundamentals', 'partner-program-essentials'] } });
    // max(2 h, 90 min) + 45 min
    expect(s.after.facts.trainingHours).toBe(2.75);
    expect(s.before.facts.trainingHours).toBe(2);
  });

  it('ignores unknown ids and modules already completed', () => {
    const state = stateOf({ progress: [done('product-fundamentals', 100)] });
    const s = simulate({ ...base, state, steps: { complete: ['nope', 'product-fundamentals'], earn: ['nothing'] } });
    expect(s.after).toEqual(s.before);
    expect(s.delta.rateDelta).toBe(0);
    expect(s.delta.tierChanged).toBe(false);
  });
});

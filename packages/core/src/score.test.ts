import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import { partnerScore } from './score.ts';
import { done, started, stateOf } from './testing/fixtures.ts';

describe('partnerScore', () => {
  it('weights performance, completion share and mean assessment score by the policy', () => {
    const state = stateOf({
      performance: 70,
      progress: [
        done('product-fundamentals', 60, 80),
        done('partner-program-essentials', 60, null),
        done('solution-selling', 60, 100),
        started('pricing-and-licensing'),
      ],
    });
    const s = partnerScore({ policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG, state });
    expect(s).toEqual({
      performance: 70,
      completion: 20,
      assessment: 90,
      score: 0.5 * 70 + 0.3 * 20 + 0.2 * 90,
      weights: DEFAULT_POLICY.scoreWeights,
    });
  });

  it('scores an untrained partner on performance only, and normalises weights', () => {
    const policy = { ...DEFAULT_POLICY, scoreWeights: { performance: 2, completion: 0, assessment: 2 } };
    expect(partnerScore({ policy, catalog: DEFAULT_CATALOG, state: stateOf({ performance: 80 }) }).score).toBe(40);
  });
});

import type { TierPolicy } from '../schemas/policy.ts';

/**
 * The default partner program (DESIGN, "Domain"); tests pin it. Rates in percentage points.
 * Requirements are listed per tier on top of the tier below, so Platinum's "≥ 2 advanced
 * certifications" supersedes Gold's "≥ 1" while both stay visible.
 */
export const DEFAULT_POLICY: TierPolicy = Object.freeze({
  version: 1,
  baseRate: 10,
  cap: 30,
  tiers: [
    { id: 'bronze', name: 'Bronze', multiplier: 1, requirements: [] },
    {
      id: 'silver',
      name: 'Silver',
      multiplier: 1.2,
      requirements: [
        { kind: 'category_complete', category: 'core' },
        { kind: 'training_hours', hours: 6 },
      ],
    },
    {
      id: 'gold',
      name: 'Gold',
      multiplier: 1.5,
      requirements: [
        { kind: 'certification_level', level: 'advanced', count: 1 },
        { kind: 'performance', score: 60 },
      ],
    },
    {
      id: 'platinum',
      name: 'Platinum',
      multiplier: 2,
      requirements: [
        { kind: 'certification_level', level: 'advanced', count: 2 },
        { kind: 'training_hours', hours: 20 },
        { kind: 'performance', score: 80 },
      ],
    },
  ],
  bonuses: [
    { kind: 'absolute', id: 'training', points: 5, when: { kind: 'category_complete', category: 'core' } },
    { kind: 'per_certification', id: 'certification-uplift', level: 'advanced', points: 1, max: 3 },
  ],
  downgrade: { graceDays: 30, warningDays: 60 },
  scoreWeights: { performance: 0.5, completion: 0.3, assessment: 0.2 },
} satisfies TierPolicy);

import { describe, expect, it } from 'vitest';
import { sumPoints } from './commission.ts';
import { evaluate } from './evaluate.ts';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import type { Catalog } from './schemas/catalog.ts';
import { EvaluationSchema } from './schemas/evaluation.ts';
import type { TierPolicy } from './schemas/policy.ts';
import type { PartnerTrainingState } from './schemas/state.ts';
import { allCore, cert, CORE, daysFromNow, done, NOW, started, stateOf } from './testing/fixtures.ts';

const H = 3600;
const run = (state: PartnerTrainingState, policy: TierPolicy = DEFAULT_POLICY, catalog: Catalog = DEFAULT_CATALOG, now = NOW) =>
  evaluate({ policy, catalog, state, now });

const bonusPoints = (e: ReturnType<typeof run>, id: string) => e.commission.lines.find((l) => l.kind === 'bonus' && l.id === id)?.points;

describe('evaluate: the default program at every boundary', () => {
  const SA = 'solution-architect';
  const IS = 'implementation-specialist';
  const cases: { name: string; state: PartnerTrainingState; tier: string; rate: number }[] = [
    { name: 'nothing done', state: stateOf(), tier: 'bronze', rate: 10 },
    {
      name: '4 of 5 core, plenty of hours',
      state: stateOf({ progress: CORE.slice(0, 4).map((id) => done(id, 10 * H)) }),
      tier: 'bronze',
      rate: 10,
    },
    { name: 'all core, 1 s short of 6 h: training bonus only', state: stateOf({ progress: allCore(6 * H - 1) }), tier: 'bronze', rate: 15 },
    { name: 'all core, exactly 6 h: Silver', state: stateOf({ progress: allCore(6 * H) }), tier: 'silver', rate: 17 },
    {
      name: 'Silver + 1 advanced cert, performance 59',
      state: stateOf({ progress: allCore(6 * H), certificates: [cert(SA)], performance: 59 }),
      tier: 'silver',
      rate: 18,
    },
    {
      name: 'Silver + 1 advanced cert, performance 60: Gold',
      state: stateOf({ progress: allCore(6 * H), certificates: [cert(SA)], performance: 60 }),
      tier: 'gold',
      rate: 21,
    },
    {
      name: 'Gold with performance 80, 2 certs, 1 s short of 20 h',
      state: stateOf({ progress: allCore(20 * H - 1), certificates: [cert(SA), cert(IS)], performance: 80 }),
      tier: 'gold',
      rate: 22,
    },
    {
      name: '20 h, 2 certs, performance 80: Platinum',
      state: stateOf({ progress: allCore(20 * H), certificates: [cert(SA), cert(IS)], performance: 80 }),
      tier: 'platinum',
      rate: 27,
    },
    {
      name: 'Platinum figures but performance 79',
      state: stateOf({ progress: allCore(20 * H), certificates: [cert(SA), cert(IS)], performance: 79 }),
      tier: 'gold',
      rate: 22,
    },
    {
      name: 'Platinum figures but only 1 cert',
      state: stateOf({ progress: allCore(20 * H), certificates: [cert(SA)], performance: 100 }),
      tier: 'gold',
      rate: 21,
    },
    {
      name: 'certs without core: tiers are cumulative, uplift still counts',
      state: stateOf({ certificates: [cert(SA), cert(IS)], performance: 100 }),
      tier: 'bronze',
      rate: 12,
    },
    {
      name: 'a revoked, an expired and a future certificate count for nothing',
      state: stateOf({
        progress: allCore(6 * H),
        performance: 90,
        certificates: [cert(SA, 100, true), cert(IS, -1), { ...cert(IS), issuedAt: daysFromNow(1) }],
      }),
      tier: 'silver',
      rate: 17,
    },
    {
      name: 'two certificates of one certification count once',
      state: stateOf({ progress: allCore(20 * H), performance: 90, certificates: [cert(SA), cert(SA, 200)] }),
      tier: 'gold',
      rate: 21,
    },
  ];

  it.each(cases)('$name → $tier at $rate', ({ state, tier, rate }) => {
    const e = run(state);
    expect(e.tier).toBe(tier);
    expect(e.metTier).toBe(tier);
    expect(e.commission.rate).toBe(rate);
    expect(sumPoints(e.commission.lines.map((l) => l.points))).toBe(rate);
    expect(EvaluationSchema.safeParse(e).success).toBe(true);
  });

  it('explains Silver with all core done and one advanced certification line by line', () => {
    const e = run(stateOf({ progress: allCore(6 * H), certificates: [cert(SA)], performance: 50 }));
    expect(e.commission.lines).toEqual([
      { kind: 'base', points: 10 },
      { kind: 'multiplier', tier: 'silver', factor: 1.2, points: 2 },
      {
        kind: 'bonus',
        id: 'training',
        bonusKind: 'absolute',
        applied: true,
        count: null,
        points: 5,
        value: 5,
        max: null,
        condition: {
          code: 'requirement.category_complete',
          params: { category: 'core', remaining: 0 },
          met: true,
          current: 5,
          target: 5,
          progress: 1,
        },
        params: {},
      },
      {
        kind: 'bonus',
        id: 'certification-uplift',
        bonusKind: 'per_certification',
        applied: true,
        count: 1,
        points: 1,
        value: 1,
        max: 3,
        condition: null,
        params: { level: 'advanced' },
      },
    ]);
    expect(e.commission.rate).toBe(18);
  });

  it('says what earns a bonus before it is earned', () => {
    const e = run(stateOf({ progress: CORE.slice(0, 2).map((id) => done(id, H)) }));
    const [training, uplift] = e.commission.lines.filter((l) => l.kind === 'bonus');
    expect(training).toMatchObject({
      applied: false,
      points: 0,
      value: 5,
      condition: { code: 'requirement.category_complete', met: false, current: 2, target: 5 },
    });
    expect(uplift).toMatchObject({ applied: false, points: 0, count: 0, value: 1, max: 3, params: { level: 'advanced' } });
  });

  it('reports each requirement with current, target, progress and a reason code', () => {
    const e = run(stateOf({ progress: [...CORE.slice(0, 3).map((id) => done(id, H))], performance: 30 }));
    const silver = e.tiers.find((t) => t.id === 'silver');
    expect(silver?.met).toBe(false);
    expect(silver?.requirements[0]).toEqual({
      tier: 'silver',
      code: 'requirement.category_complete',
      params: { category: 'core', remaining: 2 },
      met: false,
      current: 3,
      target: 5,
      progress: 0.6,
    });
    expect(silver?.requirements[1]).toMatchObject({
      code: 'requirement.training_hours',
      current: 3,
      target: 6,
      progress: 0.5,
      params: { hours: 6, remaining: 3 },
    });
    expect(e.next?.tier).toBe('silver');
    expect(e.next?.missing.map((m) => m.code)).toEqual(['requirement.category_complete', 'requirement.training_hours']);
    // Reaching Silver means every core module completed, which also brings the training bonus:
    // 10 × 1.2 + 5 = 17, worth +7 points (DESIGN's "to reach Silver: +7 points").
    expect(e.next?.rate).toBe(17);
    expect(e.next?.rateDelta).toBe(7);
    const gold = e.tiers.find((t) => t.id === 'gold');
    expect(gold?.requirements[1]).toMatchObject({
      code: 'requirement.performance',
      current: 30,
      target: 60,
      progress: 0.5,
      params: { score: 60, remaining: 30 },
    });
  });

  it('lists lower tiers’ unmet requirements as missing for the next tier', () => {
    const e = run(stateOf({ progress: allCore(6 * H), performance: 90 }));
    expect(e.tier).toBe('silver');
    expect(e.next?.tier).toBe('gold');
    expect(e.next?.missing).toHaveLength(1);
    expect(e.next?.missing[0]).toMatchObject({
      tier: 'gold',
      code: 'requirement.certification_level',
      params: { level: 'advanced', count: 1, remaining: 1 },
    });
    // Gold's certification also brings one point of uplift: 10 × 1.5 + 5 + 1 = 21.
    expect(e.next?.rate).toBe(21);
    expect(e.next?.rateDelta).toBe(4);
  });

  it('has no next tier at the top', () => {
    const e = run(stateOf({ progress: allCore(20 * H), certificates: [cert(SA), cert(IS)], performance: 80 }));
    expect(e.next).toBeNull();
    expect(e.tiers.every((t) => t.met)).toBe(true);
  });
});

describe('evaluate: training hours', () => {
  it('count recorded time, and the estimate of a completed module with none recorded', () => {
    const e = run(
      stateOf({
        progress: [
          done('partner-program-essentials', 0),
          done('product-fundamentals', 100),
          started('solution-selling', 0),
          started('pricing-and-licensing', 36),
        ],
      }),
    );
    // 45 min estimate + 100 s + 0 + 36 s
    expect(e.facts.trainingHours).toBe(Math.floor(((45 * 60 + 136) / H) * 100) / 100);
  });

  it('reach Silver with every core module self-reported and 1 h recorded elsewhere', () => {
    // The core estimates add up to 5 h.
    const core = CORE.map((id) => done(id, 0));
    expect(run(stateOf({ progress: core })).tier).toBe('bronze');
    expect(run(stateOf({ progress: [...core, started('negotiation-skills', H)] })).tier).toBe('silver');
  });

  it('ignore progress of modules not in the catalog', () => {
    expect(run(stateOf({ progress: [done('retired', 100 * H)] })).facts.trainingHours).toBe(0);
  });
});

describe('evaluate: certification uplift and cap', () => {
  const fourAdvanced: Catalog = {
    modules: DEFAULT_CATALOG.modules,
    certifications: [
      ...DEFAULT_CATALOG.certifications,
      {
        id: 'advanced-3',
        name: 'Third',
        level: 'advanced',
        requiredModules: ['integration-patterns'],
        passingScore: 80,
        validityMonths: 12,
      },
      { id: 'advanced-4', name: 'Fourth', level: 'advanced', requiredModules: ['data-migration'], passingScore: 80, validityMonths: 12 },
    ],
  };
  const certs = ['solution-architect', 'implementation-specialist', 'advanced-3', 'advanced-4'].map((id) => cert(id));

  it.each([
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 3],
  ])('%i active advanced certifications → +%i', (count, points) => {
    const e = run(stateOf({ certificates: certs.slice(0, count) }), DEFAULT_POLICY, fourAdvanced);
    expect(bonusPoints(e, 'certification-uplift')).toBe(points);
    expect(e.commission.rate).toBe(10 + points);
  });

  it('caps the rate and shows the cut as a line', () => {
    const generous: TierPolicy = { ...DEFAULT_POLICY, baseRate: 14 };
    const e = run(stateOf({ progress: allCore(20 * H), certificates: certs, performance: 90 }), generous, fourAdvanced);
    // 14 × 2 = 28, + 5 training, + 3 uplift = 36, capped at 30
    expect(e.tier).toBe('platinum');
    expect(e.commission.rate).toBe(30);
    expect(e.commission.lines.at(-1)).toEqual({ kind: 'cap', cap: 30, points: -6 });
    expect(sumPoints(e.commission.lines.map((l) => l.points))).toBe(30);
  });

  it('reaches the cap of 30 exactly without a cap line', () => {
    const e = run(
      stateOf({ progress: allCore(20 * H), certificates: certs, performance: 90 }),
      { ...DEFAULT_POLICY, baseRate: 11 },
      fourAdvanced,
    );
    expect(e.commission.rate).toBe(30);
    expect(e.commission.lines.some((l) => l.kind === 'cap')).toBe(false);
  });

  it('applies a relative bonus to the running rate, rounded to 4 decimals', () => {
    const policy: TierPolicy = {
      ...DEFAULT_POLICY,
      bonuses: [...DEFAULT_POLICY.bonuses, { kind: 'relative', id: 'loyalty', factor: 1.05 }],
    };
    const e = run(stateOf({ progress: allCore(6 * H), certificates: [cert('solution-architect')] }), policy);
    // (12 + 5 + 1) × 1.05 = 18.9
    expect(e.commission.rate).toBe(18.9);
    expect(bonusPoints(e, 'loyalty')).toBe(0.9);
  });

  it('keeps lines summing exactly when factors make long fractions', () => {
    const policy: TierPolicy = {
      ...DEFAULT_POLICY,
      baseRate: 7.3,
      tiers: DEFAULT_POLICY.tiers.map((t, i) => ({ ...t, multiplier: 1 + i * 0.1111 })),
      bonuses: [{ kind: 'relative', id: 'odd', factor: 1.0333 }, ...DEFAULT_POLICY.bonuses],
    };
    const e = run(stateOf({ progress: allCore(6 * H), certificates: [cert('solution-architect')], performance: 70 }), policy);
    expect(sumPoints(e.commission.lines.map((l) => l.points))).toBe(e.commission.rate);
    expect(Math.round(e.commission.rate * 10_000)).toBe(e.commission.rate * 10_000);
  });
});

describe('evaluate: downgrade grace', () => {
  const gold = (expiresInDays: number, extra: Partial<Parameters<typeof stateOf>[0]> = {}) =>
    stateOf({
      tier: 'gold',
      progress: allCore(6 * H),
      performance: 70,
      certificates: [cert('solution-architect', expiresInDays)],
      ...extra,
    });

  it('keeps Gold while the certificate is active, with no risk', () => {
    const e = run(gold(5));
    expect(e.tier).toBe('gold');
    expect(e.atRisk).toBeNull();
  });

  it('holds Gold inside the grace period and flags it with the deadline', () => {
    const e = run(gold(-10));
    expect(e.tier).toBe('gold');
    expect(e.metTier).toBe('silver');
    expect(e.commission.rate).toBe(20); // 15 + 5, no uplift from an expired certificate
    expect(e.atRisk).toEqual({
      tier: 'gold',
      fallbackTier: 'silver',
      until: daysFromNow(20),
      reasons: [{ code: 'certificate.lapsed', params: { certificationId: 'solution-architect', expiredAt: daysFromNow(-10) } }],
    });
    expect(e.next?.tier).toBe('platinum');
    // Platinum's two advanced certifications imply Gold's one: listed once, not twice.
    expect(
      e.next?.missing.filter((m) => m.code === 'requirement.certification_level').map((m) => `${m.tier}:${String(m.params.count)}`),
    ).toEqual(['platinum:2']);
  });

  it('drops to Silver when the grace period ends (the deadline itself is outside it)', () => {
    expect(run(gold(-30)).tier).toBe('silver');
    expect(run(gold(-30)).atRisk).toBeNull();
    expect(run(gold(-29)).tier).toBe('gold');
    expect(run(gold(-45)).tier).toBe('silver');
  });

  it('gives no grace to a revoked certificate, nor to a tier never recorded', () => {
    const revoked = stateOf({
      tier: 'gold',
      progress: allCore(6 * H),
      performance: 70,
      certificates: [{ ...cert('solution-architect', -10), revokedAt: daysFromNow(-12) }],
    });
    expect(run(revoked).tier).toBe('silver');
    expect(run(gold(-10, { tier: 'silver' })).tier).toBe('silver');
  });

  it('gives no grace when something other than a certificate lapsed', () => {
    expect(run(gold(-10, { performance: 40 })).tier).toBe('silver');
  });

  it('holds Platinum until the earlier of two lapsed certificates’ grace ends, then Gold', () => {
    const state = stateOf({
      tier: 'platinum',
      progress: allCore(20 * H),
      performance: 90,
      certificates: [cert('solution-architect', -20), cert('implementation-specialist', -5)],
    });
    const e = run(state);
    expect(e.tier).toBe('platinum');
    expect(e.atRisk?.until).toBe(daysFromNow(10));
    expect(e.atRisk?.reasons).toHaveLength(2);
    const later = run(state, DEFAULT_POLICY, DEFAULT_CATALOG, new Date(NOW.getTime() + 11 * 86_400_000));
    expect(later.tier).toBe('gold');
    expect(later.atRisk?.until).toBe(daysFromNow(25));
  });
});

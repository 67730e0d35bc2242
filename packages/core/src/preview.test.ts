import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { previewProgram, PolicyPreviewer, type ProgramDefinition } from './preview.ts';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import type { TierPolicy } from './schemas/policy.ts';
import type { PartnerTrainingState } from './schemas/state.ts';
import { allCore, cert, NOW, stateOf, type StateInput } from './testing/fixtures.ts';

const HOURS_7 = 7 * 3600;
const partner = (id: string, input: StateInput & { currency?: string }): PartnerTrainingState => {
  const s = stateOf(input);
  return { ...s, partner: { ...s.partner, id, name: id.toUpperCase(), ...(input.currency ? { currency: input.currency } : {}) } };
};

// In id order, as the server feeds them.
const STATES = [
  partner('a-new', { revenue: 100_000 }),
  partner('b-silver', { progress: allCore(HOURS_7), performance: 50 }),
  partner('c-gold', {
    tier: 'gold',
    progress: allCore(HOURS_7),
    performance: 70,
    certificates: [cert('solution-architect', 200)],
    revenue: 200_000,
    currency: 'USD',
  }),
  // Gold held through the grace period of a certificate that ended 10 days ago.
  partner('d-grace', { tier: 'gold', progress: allCore(HOURS_7), performance: 90, certificates: [cert('solution-architect', -10)] }),
  // Gold on a certificate that ends in 20 days: at stake.
  partner('e-stake', { tier: 'gold', progress: allCore(HOURS_7), performance: 70, certificates: [cert('solution-architect', 20)] }),
];

const current: ProgramDefinition = { policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG };
const withPolicy = (change: (p: TierPolicy) => void): ProgramDefinition => {
  const policy = structuredClone<TierPolicy>(DEFAULT_POLICY);
  change(policy);
  return { policy, catalog: DEFAULT_CATALOG };
};
// Gold asks for a performance of 75: c-gold and e-stake (70) fall to Silver; d-grace (90) keeps its grace.
const stricterGold = withPolicy((p) => (p.tiers[2]!.requirements[1] = { kind: 'performance', score: 75 }));

describe('previewProgram', () => {
  it('sums what evaluate gives every partner under each program, per tier and in total', () => {
    const { summary } = previewProgram({ current, candidate: stricterGold, now: NOW, limit: 10, states: STATES });
    const before = STATES.map((state) => evaluate({ ...current, state, now: NOW }));
    const after = STATES.map((state) => evaluate({ ...stricterGold, state, now: NOW }));
    const sum = (es: typeof before, tier?: string) =>
      Math.round(es.filter((e) => tier === undefined || e.tier === tier).reduce((s, e) => s + e.commission.rate * 10_000, 0)) / 10_000;
    expect(summary).not.toBeNull();
    expect(summary!.partners).toBe(5);
    expect(summary!.points).toEqual({
      before: sum(before),
      after: sum(after),
      delta: Math.round((sum(after) - sum(before)) * 10_000) / 10_000,
    });
    expect(summary!.tiers.map((t) => [t.tier, t.before.partners, t.after.partners])).toEqual([
      ['bronze', 1, 1],
      ['silver', 1, 3],
      ['gold', 3, 1],
      ['platinum', 0, 0],
    ]);
    for (const t of summary!.tiers) expect([t.before.points, t.after.points]).toEqual([sum(before, t.tier), sum(after, t.tier)]);
    expect([summary!.movedUp, summary!.movedDown, summary!.rateUp, summary!.rateDown]).toEqual([0, 2, 0, 2]);
    expect(summary!.grace).toEqual({ before: 1, after: 1, entering: 0 });
    const c = STATES.indexOf(STATES[2]!);
    expect(summary!.yearly).toEqual([
      { currency: 'EUR', partners: 1, before: 10_000, after: 10_000, delta: 0 },
      {
        currency: 'USD',
        partners: 1,
        before: (200_000 * before[c]!.commission.rate) / 100,
        after: (200_000 * after[c]!.commission.rate) / 100,
        delta: (200_000 * (after[c]!.commission.rate - before[c]!.commission.rate)) / 100,
      },
    ]);
  });

  it('lists the partners who move, with the requirement that moved them and what it is worth', () => {
    const { partners } = previewProgram({ current, candidate: stricterGold, now: NOW, limit: 10, states: STATES });
    expect(partners.map((p) => [p.partnerId, p.tier.before, p.tier.after, p.move])).toEqual([
      ['c-gold', 'gold', 'silver', 'down'],
      ['e-stake', 'gold', 'silver', 'down'],
    ]);
    const c = partners[0]!;
    expect(c.reasons).toEqual([
      { code: 'requirement.performance', params: expect.objectContaining({ tier: 'gold', current: 70, target: 75 }) },
    ]);
    expect(c.rate.delta).toBeLessThan(0);
    expect(c.yearlyValue).toBe((200_000 * c.rate.delta) / 100);
    expect(c.currency).toBe('USD');
    expect(partners[1]!.yearlyValue).toBeNull();
    expect(partners[1]!.entersAtStake).toBe(false);
  });

  it('names a partner entering grace, and what lapsed', () => {
    const shortGrace = withPolicy((p) => (p.downgrade = { graceDays: 5, warningDays: 60 }));
    const { summary, partners } = previewProgram({ current: shortGrace, candidate: current, now: NOW, limit: 10, states: STATES });
    expect(summary!.grace).toEqual({ before: 0, after: 1, entering: 1 });
    expect(partners).toEqual([
      expect.objectContaining({
        partnerId: 'd-grace',
        move: 'up',
        entersGrace: true,
        entersAtStake: true,
        reasons: [
          { code: 'requirement.certification_level', params: expect.objectContaining({ tier: 'gold', current: 0, target: 1 }) },
          { code: 'certificate.lapsed', params: expect.objectContaining({ certificationId: 'solution-architect' }) },
          // A tier held through grace is at stake too: it ends with the grace period.
          { code: 'stake.grace', params: expect.objectContaining({ certificationId: 'solution-architect', tierAfter: 'silver' }) },
        ],
      }),
    ]);
  });

  it('names a partner newly at stake under a longer warning window, unmoved', () => {
    const longWarning = withPolicy((p) => (p.downgrade = { graceDays: 30, warningDays: 365 }));
    const { summary, partners } = previewProgram({ current, candidate: longWarning, now: NOW, limit: 10, states: STATES });
    // d-grace (its grace) and e-stake were already.
    expect(summary!.atStake).toEqual({ before: 2, after: 3, entering: 1 });
    expect(partners).toEqual([
      expect.objectContaining({
        partnerId: 'c-gold',
        move: 'none',
        entersAtStake: true,
        reasons: [
          { code: 'stake.expiring', params: expect.objectContaining({ certificationId: 'solution-architect', tierAfter: 'silver' }) },
        ],
      }),
    ]);
  });

  it('pages the list: the first page summarizes everyone, a later one only reads on until it is full', () => {
    const first = previewProgram({ current, candidate: stricterGold, now: NOW, limit: 1, states: STATES });
    expect(first.partners.map((p) => p.partnerId)).toEqual(['c-gold']);
    expect(first.next).toBe('c-gold');
    expect(first.summary!.movedDown).toBe(2);
    const rest = previewProgram({ current, candidate: stricterGold, now: NOW, limit: 1, summary: false, states: STATES.slice(3) });
    expect(rest).toEqual({ summary: null, partners: [expect.objectContaining({ partnerId: 'e-stake' })], next: null });

    const later = new PolicyPreviewer({ current, candidate: stricterGold, now: NOW, limit: 1, summary: false });
    expect(STATES.map((s) => later.add(s))).toEqual([true, true, true, true, false]);
    expect(later.result().next).toBe('c-gold');
  });

  it('is deterministic, and empty when nothing changes', () => {
    const run = () => previewProgram({ current, candidate: stricterGold, now: NOW, limit: 10, states: STATES });
    expect(run()).toEqual(run());
    const same = previewProgram({ current, candidate: withPolicy(() => undefined), now: NOW, limit: 10, states: STATES });
    expect(same.partners).toEqual([]);
    expect(same.summary!.points.delta).toBe(0);
  });
});

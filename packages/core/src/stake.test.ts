import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import type { Certificate } from './schemas/state.ts';
import { allCore, cert, daysFromNow, doneOn, NOW, stateOf } from './testing/fixtures.ts';

const SA = ['architecture-deep-dive', 'integration-patterns', 'security-and-compliance'];
const H = 3600;
const base = { policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG, now: NOW };

/** Solution Architect issued 24 months before it ends (`expiresIn` days from now), earned with modules passed just before. */
function saCertificate(expiresIn: number): Certificate {
  return cert('solution-architect', expiresIn);
}
const passedBefore = (c: Certificate) => SA.map((id) => doneOn(id, new Date(Date.parse(c.issuedAt) - 86_400_000).toISOString()));

/** A Gold partner (all core, 8 h, performance 70) holding Gold on one Solution Architect certificate. */
function gold(expiresIn: number, extra: { revenue?: number; tier?: string; progress?: ReturnType<typeof doneOn>[] } = {}) {
  const sa = saCertificate(expiresIn);
  return stateOf({
    tier: extra.tier ?? 'gold',
    performance: 70,
    revenue: extra.revenue,
    progress: [...allCore(8 * H), ...(extra.progress ?? passedBefore(sa))],
    certificates: [sa],
  });
}

describe('atStake', () => {
  it('prices a certificate the tier relies on, within the warning window: tier, rate, money, deadline and the renewal', () => {
    const e = evaluate({ ...base, state: gold(20, { revenue: 480_000 }) });
    expect(e.tier).toBe('gold');
    expect(e.commission.rate).toBe(21); // 10 × 1.5 + 5 (training) + 1 (uplift)
    expect(e.atStake).toEqual([
      {
        code: 'stake.expiring',
        certificationId: 'solution-architect',
        expiresAt: daysFromNow(20),
        actBy: daysFromNow(20),
        tierDropsAt: daysFromNow(50), // 30 days of grace
        tier: 'gold',
        tierAfter: 'silver',
        rate: 21,
        rateAfter: 17,
        rateDelta: -4,
        yearlyValue: -19_200,
        currency: 'EUR',
        reasons: [
          { code: 'requirement.certification_level', params: { level: 'advanced', count: 1, remaining: 1, tier: 'gold' } },
          { code: 'stake.bonus', params: { id: 'certification-uplift', points: 1 } },
        ],
        renewal: {
          modules: [
            { moduleId: 'architecture-deep-dive', code: 'path.retake', hours: 2 },
            { moduleId: 'integration-patterns', code: 'path.retake', hours: 1.67 },
            { moduleId: 'security-and-compliance', code: 'path.retake', hours: 1.33 },
          ],
          hours: 5,
          available: true,
        },
      },
    ]);
  });

  it('lists only what is still needed to renew, and nothing outside the window', () => {
    const sa = saCertificate(20);
    const retakenOne = gold(20, { progress: [doneOn(SA[0]!, daysFromNow(-3)), ...passedBefore(sa).slice(1)] });
    expect(evaluate({ ...base, state: retakenOne }).atStake[0]?.renewal.modules.map((m) => m.moduleId)).toEqual(SA.slice(1));
    expect(evaluate({ ...base, state: gold(61) }).atStake).toEqual([]);
    expect(evaluate({ ...base, state: gold(59) }).atStake).toHaveLength(1);
    const wider = { ...DEFAULT_POLICY, downgrade: { graceDays: 30, warningDays: 90 } };
    expect(evaluate({ ...base, policy: wider, state: gold(80) }).atStake).toHaveLength(1);
  });

  it('leaves out a lapse that costs nothing: a foundation certificate no tier or bonus counts', () => {
    const state = gold(400);
    state.certificates.push(cert('sales-foundation', 10));
    expect(evaluate({ ...base, state }).atStake).toEqual([]);
  });

  it('during grace says when the tier drops and what renewing keeps', () => {
    const e = evaluate({ ...base, state: gold(-10) });
    expect(e.atRisk?.until).toBe(daysFromNow(20));
    expect(e.atStake).toHaveLength(1);
    expect(e.atStake[0]).toMatchObject({
      code: 'stake.grace',
      expiresAt: daysFromNow(-10),
      actBy: daysFromNow(20),
      tierDropsAt: daysFromNow(20),
      tier: 'gold',
      tierAfter: 'silver',
      rate: 20, // the uplift went with the certificate; the tier is held
      rateAfter: 17,
      rateDelta: -3,
    });
  });

  it('prices each of two certificates Platinum needs as its own loss', () => {
    const ia = cert('implementation-specialist', 30);
    const state = stateOf({
      tier: 'platinum',
      performance: 90,
      progress: [...allCore(25 * H)],
      certificates: [saCertificate(400), ia],
    });
    const e = evaluate({ ...base, state });
    expect(e.tier).toBe('platinum');
    expect(e.atStake.map((s) => [s.certificationId, s.tierAfter, s.rateDelta])).toEqual([['implementation-specialist', 'gold', -6]]);
    // Its required modules were never passed here: the renewal takes them, prerequisites first.
    expect(e.atStake[0]?.renewal.modules.map((m) => [m.moduleId, m.code])).toEqual([
      ['implementation-methodology', 'path.take'],
      ['data-migration', 'path.take'],
      ['advanced-configuration', 'path.take'],
    ]);
  });
});

describe('grace rests on the certificates a tier needs', () => {
  it('ignores a foundation certificate that ended at the same moment: the renewal to advise is the one Gold needs', () => {
    const state = gold(-10);
    state.certificates.push({ ...cert('sales-foundation', -10), issuedAt: state.certificates[0]!.issuedAt });
    const e = evaluate({ ...base, state });
    expect(e.atRisk?.reasons.map((r) => r.params.certificationId)).toEqual(['solution-architect']);
    expect(e.atStake.map((s) => s.certificationId)).toEqual(['solution-architect']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumPoints } from './commission.ts';
import { evaluate } from './evaluate.ts';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import { advise, recommend } from './advice.ts';
import { lockedModules } from './recommend.ts';
import type { Catalog } from './schemas/catalog.ts';
import { EvaluationSchema, RecommendationSchema } from './schemas/evaluation.ts';
import type { Certificate, ModuleProgressEntry, PartnerTrainingState } from './schemas/state.ts';
import { simulate } from './simulate.ts';
import { daysFromNow, NOW } from './testing/fixtures.ts';

const TIERS = DEFAULT_POLICY.tiers.map((t) => t.id);
const rank = (id: string) => TIERS.indexOf(id);
const catalog = DEFAULT_CATALOG;
const options = (state: PartnerTrainingState, c: Catalog = catalog) => ({ policy: DEFAULT_POLICY, catalog: c, state, now: NOW });

const entry = (moduleId: string): fc.Arbitrary<ModuleProgressEntry> =>
  fc.record({
    moduleId: fc.constant(moduleId),
    status: fc.constantFrom('not_started' as const, 'in_progress' as const, 'completed' as const),
    percent: fc.integer({ min: 0, max: 100 }),
    timeSpentSeconds: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40_000 })),
    score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    startedAt: fc.constant('2026-01-01T00:00:00.000Z'),
    completedAt: fc.constant('2026-01-02T00:00:00.000Z'),
  });

const certificate: fc.Arbitrary<Certificate> = fc
  .record({
    certificationId: fc.constantFrom(...catalog.certifications.map((c) => c.id)),
    expiresIn: fc.integer({ min: -60, max: 400 }),
    revoked: fc.boolean(),
  })
  .map(({ certificationId, expiresIn, revoked }) => ({
    certificationId,
    issuedAt: daysFromNow(expiresIn - 730),
    expiresAt: daysFromNow(expiresIn),
    revokedAt: revoked ? daysFromNow(-1) : null,
  }));

const stateArb: fc.Arbitrary<PartnerTrainingState> = fc
  .record({
    entries: fc.subarray(catalog.modules.map((m) => m.id)).chain((ids) => fc.tuple(...ids.map(entry))),
    certificates: fc.array(certificate, { maxLength: 4 }),
    performanceScore: fc.integer({ min: 0, max: 100 }),
    tier: fc.constantFrom(...TIERS),
    trailingRevenue: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: undefined }),
  })
  .map(({ entries, certificates, performanceScore, tier, trailingRevenue }) => ({
    partner: { id: 'p', name: 'P', tier, performanceScore, ...(trailingRevenue === undefined ? {} : { trailingRevenue, currency: 'EUR' }) },
    progress: entries,
    certificates,
  }));

function completing(state: PartnerTrainingState, moduleId: string): PartnerTrainingState {
  const existing = state.progress.find((e) => e.moduleId === moduleId);
  const completed: ModuleProgressEntry = {
    moduleId,
    status: 'completed',
    percent: 100,
    timeSpentSeconds: existing?.timeSpentSeconds ?? 0,
    score: existing?.score ?? null,
    startedAt: existing?.startedAt ?? null,
    completedAt: daysFromNow(0),
  };
  return {
    ...state,
    progress: existing ? state.progress.map((e) => (e.moduleId === moduleId ? completed : e)) : [...state.progress, completed],
  };
}

describe('properties', () => {
  it('completing a module never lowers the tier or the rate', () => {
    fc.assert(
      fc.property(stateArb, fc.constantFrom(...catalog.modules.map((m) => m.id)), (state, moduleId) => {
        const before = evaluate(options(state));
        const after = evaluate(options(completing(state, moduleId)));
        expect(rank(after.tier)).toBeGreaterThanOrEqual(rank(before.tier));
        expect(after.commission.rate).toBeGreaterThanOrEqual(before.commission.rate);
      }),
      { numRuns: 300 },
    );
  });

  it('results do not depend on the order of progress entries, certificates or catalog modules', () => {
    fc.assert(
      fc.property(stateArb, fc.func(fc.integer()), (state, key) => {
        const shuffle = <T>(xs: readonly T[]) =>
          [...xs]
            .map((x, i) => ({ x, k: key(i) }))
            .sort((a, b) => a.k - b.k)
            .map((p) => p.x);
        const shuffled = { ...state, progress: shuffle(state.progress), certificates: shuffle(state.certificates) };
        const otherCatalog = { ...catalog, modules: shuffle(catalog.modules) };
        const expected = evaluate(options(state));
        expect(evaluate(options(shuffled))).toEqual(expected);
        expect(evaluate(options(shuffled, otherCatalog))).toEqual(expected);
        const ids = (c: Catalog, s: PartnerTrainingState) => recommend({ ...options(s, c), limit: Infinity }).map((r) => r.moduleId);
        expect(ids(catalog, shuffled)).toEqual(ids(catalog, state));
      }),
      { numRuns: 200 },
    );
  });

  it('commission lines add up to the rate, and the rate stays within 0..cap', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const e = evaluate(options(state));
        expect(sumPoints(e.commission.lines.map((l) => l.points))).toBe(e.commission.rate);
        expect(e.commission.rate).toBeLessThanOrEqual(DEFAULT_POLICY.cap);
        expect(e.commission.rate).toBeGreaterThanOrEqual(0);
        expect(EvaluationSchema.safeParse(e).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('recommend never returns a locked module, nor a completed one unless the next step takes it again', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const locked = new Set(lockedModules(options(state)).map((l) => l.moduleId));
        const completed = new Set(state.progress.filter((e) => e.status === 'completed').map((e) => e.moduleId));
        const { recommendations: recs, nextStep } = advise({ ...options(state), limit: Infinity });
        // Passed before the last certificate, or below the passing score: a certificate needs it passed again.
        const again = new Set(nextStep?.modules.filter((m) => m.code !== 'path.take').map((m) => m.moduleId));
        for (const r of recs) {
          expect(locked.has(r.moduleId)).toBe(false);
          if (completed.has(r.moduleId)) expect(again.has(r.moduleId)).toBe(true);
          expect(RecommendationSchema.safeParse(r).success).toBe(true);
        }
        // Every module not taken again is exactly one of: completed, locked, recommended.
        const fresh = recs.filter((r) => !completed.has(r.moduleId));
        expect(locked.size + completed.size + fresh.length).toBe(catalog.modules.length);
      }),
      { numRuns: 200 },
    );
  });

  it('simulate with no steps equals evaluate', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const e = evaluate(options(state));
        expect(simulate({ ...options(state), steps: {} }).after).toEqual(e);
        expect(simulate({ ...options(state), steps: { complete: [], earn: [] } }).after).toEqual(e);
      }),
      { numRuns: 200 },
    );
  });

  it('a recommendation’s rate delta is what simulate reports for it', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        for (const r of recommend({ ...options(state), limit: 3 })) {
          const s = simulate({ ...options(state), steps: { complete: [r.moduleId] } });
          expect(r.rateDelta).toBe(s.delta.rateDelta);
          expect(r.tierAfter).toBe(s.after.tier);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the next step gains what simulating all of its modules gains, and leads the recommendations', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const { nextStep, recommendations } = advise(options(state));
        if (nextStep === null || nextStep.kind === 'renew' || nextStep.modules.length === 0) return;
        const s = simulate({ ...options(state), steps: { complete: nextStep.modules.map((m) => m.moduleId) } });
        expect(nextStep.rateDelta).toBe(s.delta.rateDelta);
        expect(recommendations[0]?.moduleId).toBe(nextStep.modules[0]?.moduleId);
      }),
      { numRuns: 150 },
    );
  });

  it('what a lapsing certificate costs is the evaluation without it, once its grace has run out', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const e = evaluate(options(state));
        for (const item of e.atStake) {
          expect(item.rateDelta < 0 || rank(item.tierAfter) < rank(item.tier)).toBe(true);
          expect(item.rateDelta).toBe(sumPoints([item.rateAfter, -item.rate]));
          if (item.code !== 'stake.expiring') continue;
          const without = {
            ...state,
            partner: { ...state.partner, tier: e.tier },
            certificates: state.certificates.filter(
              (c) => c.certificationId !== item.certificationId || c.revokedAt !== null || Date.parse(c.expiresAt) <= NOW.getTime(),
            ),
          };
          const after = evaluate(options(without));
          expect([after.tier, after.commission.rate]).toEqual([item.tierAfter, item.rateAfter]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

import { commissionAt, toPoints } from './commission.ts';
import { compile, UNITS, type CompiledProgram, type CompiledRequirement, type Tally } from './compile.ts';
import { floor2, requirementStatus } from './requirements.ts';
import type { Catalog } from './schemas/catalog.ts';
import type { AtRisk, Evaluation, NextTier, RequirementStatus, TierStatus } from './schemas/evaluation.ts';
import type { TierPolicy } from './schemas/policy.ts';
import type { PartnerTrainingState } from './schemas/state.ts';
import { atStake } from './stake.ts';
import { toIso } from './time.ts';

export interface EvaluateOptions {
  policy: TierPolicy;
  catalog: Catalog;
  state: PartnerTrainingState;
  /** The evaluation instant; certificates and grace periods are judged against it. */
  now: Date;
}

/** The full explanation for a tally already collected by `program`. */
export function explain(program: CompiledProgram, state: PartnerTrainingState, nowMs: number, t: Tally): Evaluation {
  const metRank = program.metTier(t);
  const grace = program.grace(state, nowMs, t, metRank);
  const rank = grace === null ? metRank : grace.held;
  const tiers: TierStatus[] = [];
  let cumulative = true;
  const missing: RequirementStatus[] = [];
  const unmet: CompiledRequirement[] = [];
  const nextRank = rank + 1 < program.tiers.length ? rank + 1 : -1;
  for (let i = 0; i < program.tiers.length; i += 1) {
    const tier = program.tiers[i];
    if (tier === undefined) continue;
    const requirements: RequirementStatus[] = [];
    for (const r of tier.requirements) {
      const s = requirementStatus(program, r, t);
      requirements.push(s);
      if (!s.met) {
        cumulative = false;
        if (i <= nextRank) {
          missing.push(s);
          unmet.push(r);
        }
      }
    }
    tiers.push({ id: tier.id, name: tier.name, multiplier: tier.multiplier, met: cumulative, requirements });
  }
  const commission = commissionAt(program, rank, t);
  const units = Math.round(commission.rate * UNITS);
  let next: NextTier | null = null;
  const nextTier = program.tiers[nextRank];
  if (nextTier !== undefined) {
    // Priced as if the tier were reached: a bonus its requirements bring (the training bonus
    // with every core module completed) counts towards what reaching it is worth.
    const nextUnits = program.rateUnits(nextRank, t, undefined, nextRank);
    next = {
      tier: nextTier.id,
      name: nextTier.name,
      missing: anySuperseded(unmet) ? missing.filter((_, k) => !superseded(unmet, k)) : missing,
      rate: toPoints(nextUnits),
      rateDelta: toPoints(nextUnits - units),
    };
  }
  let atRisk: AtRisk | null = null;
  if (grace !== null) {
    atRisk = {
      tier: program.tiers[grace.held]?.id ?? '',
      fallbackTier: program.tiers[metRank]?.id ?? '',
      until: toIso(grace.untilMs),
      reasons: grace.lapses.map((l) => ({
        code: 'certificate.lapsed',
        params: { certificationId: program.certifications[l.cert]?.id ?? '', expiredAt: toIso(l.expiredMs) },
      })),
    };
  }
  return {
    policyVersion: program.policy.version,
    tier: program.tiers[rank]?.id ?? '',
    metTier: program.tiers[metRank]?.id ?? '',
    tiers,
    commission,
    next,
    atRisk,
    atStake: atStake(program, state, nowMs, t, { rank, units, grace }),
    facts: {
      trainingHours: floor2(t.seconds / 3600),
      completed: { core: t.completed[0] ?? 0, advanced: t.completed[1] ?? 0, elective: t.completed[2] ?? 0 },
      activeCertifications: { foundation: t.active[0] ?? 0, advanced: t.active[1] ?? 0 },
      performanceScore: t.performance,
    },
  };
}

/**
 * A partner's tier and commission with the reasons behind them.
 *
 * @example
 * const e = evaluate({ policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG, state, now: new Date() });
 * e.tier;             // 'silver'
 * e.commission.rate;  // 18 (percentage points)
 * e.next?.missing;    // [{ code: 'requirement.certification_level', params: { level: 'advanced', count: 1, remaining: 1 }, … }]
 */
export function evaluate({ policy, catalog, state, now }: EvaluateOptions): Evaluation {
  const program = compile({ policy, catalog });
  const nowMs = now.getTime();
  return explain(program, state, nowMs, program.collect(state, nowMs));
}

// Whether two unmet requirements share kind and subject (rare: a cheap check first).
function anySuperseded(unmet: readonly CompiledRequirement[]): boolean {
  for (let k = 0; k < unmet.length; k += 1)
    for (let m = k + 1; m < unmet.length; m += 1) if (unmet[k]!.code === unmet[m]!.code && unmet[k]!.ref === unmet[m]!.ref) return true;
  return false;
}

// Whether another unmet requirement of the same kind and subject asks for more, so meeting it
// meets this one too (Platinum's two advanced certifications and Gold's one).
function superseded(unmet: readonly CompiledRequirement[], k: number): boolean {
  const r = unmet[k]!;
  return unmet.some((o, m) => m !== k && o.code === r.code && o.ref === r.ref && (o.target > r.target || (o.target === r.target && m > k)));
}

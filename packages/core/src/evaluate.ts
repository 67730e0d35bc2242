import { commissionAt, toPoints } from './commission.ts';
import { compile, type CompiledProgram, type CompiledRequirement, type Tally } from './compile.ts';
import type { Catalog } from './schemas/catalog.ts';
import type { AtRisk, Evaluation, NextTier, ReasonParam, RequirementStatus, TierStatus } from './schemas/evaluation.ts';
import type { TierPolicy } from './schemas/policy.ts';
import type { PartnerTrainingState } from './schemas/state.ts';
import { toIso } from './time.ts';

export interface EvaluateOptions {
  policy: TierPolicy;
  catalog: Catalog;
  state: PartnerTrainingState;
  /** The evaluation instant; certificates and grace periods are judged against it. */
  now: Date;
}

const floor2 = (n: number) => Math.floor(n * 100) / 100;
const round2 = (n: number) => Math.round(n * 100) / 100;

function requirementStatus(program: CompiledProgram, r: CompiledRequirement, t: Tally): RequirementStatus {
  const raw = program.current(r, t);
  const met = raw >= r.target;
  const req = r.requirement;
  let current = raw;
  let target = r.target;
  let params: Record<string, ReasonParam>;
  switch (req.kind) {
    case 'category_complete':
      params = { category: req.category, remaining: Math.max(0, target - raw) };
      break;
    case 'category_count':
      params = { category: req.category, count: req.count, remaining: Math.max(0, target - raw) };
      break;
    case 'module_completed':
      params = { moduleId: req.moduleId };
      break;
    case 'training_hours':
      // Floored so that a partner 10 seconds short never reads "6 of 6 hours".
      current = floor2(raw / 3600);
      target = req.hours;
      params = { hours: req.hours, remaining: met ? 0 : round2(Math.max(0.01, target - raw / 3600)) };
      break;
    case 'certification_level':
      params = { level: req.level, count: req.count, remaining: Math.max(0, target - raw) };
      break;
    case 'certification':
      params = { certificationId: req.certificationId };
      break;
    case 'performance':
      params = { score: req.score, remaining: met ? 0 : round2(target - raw) };
      break;
  }
  const progress = met || target <= 0 ? 1 : Math.min(1, Math.max(0, current / target));
  return { tier: r.tier, code: r.code, params, met, current, target, progress };
}

/** The full explanation for a tally already collected by `program`. */
export function explain(program: CompiledProgram, state: PartnerTrainingState, nowMs: number, t: Tally): Evaluation {
  const metRank = program.metTier(t);
  const grace = program.grace(state, nowMs, t, metRank);
  const rank = grace === null ? metRank : grace.held;
  const tiers: TierStatus[] = [];
  let cumulative = true;
  const missing: RequirementStatus[] = [];
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
        if (i <= nextRank) missing.push(s);
      }
    }
    tiers.push({ id: tier.id, name: tier.name, multiplier: tier.multiplier, met: cumulative, requirements });
  }
  const commission = commissionAt(program, rank, t);
  let next: NextTier | null = null;
  const nextTier = program.tiers[nextRank];
  if (nextTier !== undefined) {
    // Priced as if the tier were reached: a bonus its requirements bring (the training bonus
    // with every core module completed) counts towards what reaching it is worth.
    const units = program.rateUnits(nextRank, t, undefined, nextRank);
    next = {
      tier: nextTier.id,
      name: nextTier.name,
      missing,
      rate: toPoints(units),
      rateDelta: toPoints(units - Math.round(commission.rate * 10_000)),
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

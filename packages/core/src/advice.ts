import { toPoints } from './commission.ts';
import { compile, UNITS, type CompiledProgram, type Tally } from './compile.ts';
import { evaluate } from './evaluate.ts';
import { PathBuilder, planRequirements } from './path.ts';
import { candidateReasons, MIN_HOURS, rankModules, type Candidate } from './recommend.ts';
import { requirementStatus } from './requirements.ts';
import type { Catalog } from './schemas/catalog.ts';
import type { AtStake, NextStep, PartnerScore, PathModule, Reason, Recommendation, RequirementStatus } from './schemas/evaluation.ts';
import type { TierPolicy } from './schemas/policy.ts';
import type { PartnerTrainingState } from './schemas/state.ts';
import { progressById } from './progress.ts';
import { partnerScore, scorePerModule } from './score.ts';
import { applySteps } from './simulate.ts';
import { atStake } from './stake.ts';

export interface AdviseOptions {
  policy: TierPolicy;
  catalog: Catalog;
  state: PartnerTrainingState;
  now: Date;
  /** How many recommendations to return, best first; default 10. */
  limit?: number;
}

/** Everything a partner is advised: the step to take and the modules in order, and the partner score. */
export interface Advice {
  /** The first of them is the next step's first module (when it has one). */
  recommendations: Recommendation[];
  nextStep: NextStep | null;
  score: PartnerScore;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

interface Step {
  kind: NextStep['kind'];
  tier: number;
  certificationId: string | null;
  actBy: string | null;
  modules: PathModule[];
  hours: number;
  /** Units gained, or kept from being lost. */
  units: number;
  blockedBy: RequirementStatus[];
  /** The renewal's item, for `renew`. */
  stake?: AtStake;
}

const perHour = (s: Step) => s.units / Math.max(s.hours, MIN_HOURS);

/**
 * What to do next, and why (DESIGN, "Foresight"). Three steps compete: renewing the certificate
 * whose end costs the most per hour of renewing it (`atStake`); the cheapest way to the next
 * tier, every module it takes; the single module that raises the rate most. The gain of the way
 * to a tier is the gain of the whole way, found by simulating it. Of the gains the larger wins;
 * the renewal wins when it keeps more per hour than that gain earns. The recommendations start
 * with the winner's modules that can be taken now, then rank the rest (`rankModules`).
 *
 * @example
 * const { nextStep, recommendations } = advise({ policy, catalog, state, now });
 * nextStep?.kind; // 'renew'
 * nextStep?.modules.map((m) => m.moduleId); // ['architecture-deep-dive', …]
 */
export function advise({ policy, catalog, state, now, limit = 10 }: AdviseOptions): Advice {
  const program = compile({ policy, catalog });
  const nowMs = now.getTime();
  const t = program.collect(state, nowMs, true);
  const metRank = program.metTier(t);
  const grace = program.grace(state, nowMs, t, metRank);
  const rank = grace === null ? metRank : grace.held;
  const units = program.rateUnits(rank, t);
  const progress = progressById(state);

  // Everything that reads the program's tally, before `evaluate` below refills it.
  const candidates = rankModules(program, state, nowMs, t, rank, units, progress);
  const stakes = atStake(program, state, nowMs, t, { rank, units, grace });
  const toTier = planTier(program, state, t, rank, progress);
  const takeable = (moduleId: string, code: string) =>
    code !== 'path.take' || candidates.some((c) => program.modules[c.module]?.id === moduleId);
  const perModule = scorePerModule({ policy, catalog });
  const completed = new Set(program.modules.filter((_, i) => program.moduleDone[i] === t.stamp).map((m) => m.id));
  const scoreDelta = (moduleId: string) => (completed.has(moduleId) ? 0 : perModule);

  const renew = bestRenewal(stakes, program);
  const tierStep = toTier && { ...toTier, units: simulatedGain({ policy, catalog, state, now }, toTier.modules, units) };
  const moduleStep = bestModule(program, candidates);
  const gains = [tierStep, moduleStep].filter((s): s is Step => s !== null && s.units > 0);
  const gain = gains.sort((a, b) => b.units - a.units || a.hours - b.hours)[0];
  const step = renew && (!gain || perHour(renew) >= perHour(gain)) ? renew : (gain ?? tierStep);

  const revenue = state.partner.trailingRevenue;
  const currency = state.partner.currency ?? null;
  const yearly = (points: number) => (revenue === undefined ? null : round2((revenue * points) / 100));

  // One recommendation: the candidate's own measure when it is one (a module taken again is not:
  // completing it alone changes nothing), with what the step adds in front.
  const recommendation = (moduleId: string, c: Candidate | undefined, hours: number, lead: Reason[], protects: number): Recommendation => {
    const rateDelta = c ? toPoints(c.rateDelta) : 0;
    return {
      moduleId,
      rank: 0,
      reasons: c ? [...lead, ...candidateReasons(program, c)] : lead,
      hours,
      rateDelta,
      rateDeltaPerHour: c ? round4(rateDelta / Math.max(c.hours, MIN_HOURS)) : 0,
      tierAfter: program.tiers[c ? c.tierAfter : rank]?.id ?? '',
      yearlyValue: yearly(rateDelta),
      currency,
      protects,
      scoreDelta: scoreDelta(moduleId),
    };
  };
  const candidateOf = (moduleId: string) => candidates.find((c) => program.modules[c.module]?.id === moduleId);
  const first = (step?.modules ?? [])
    .filter((m) => takeable(m.moduleId, m.code))
    .map((m) => {
      const lead: Reason[] =
        step?.kind === 'renew' && step.stake
          ? [
              {
                code: 'recommendation.renews',
                params: {
                  certificationId: step.stake.certificationId,
                  actBy: step.stake.actBy,
                  tier: step.stake.tierDropsAt ? step.stake.tier : null,
                  points: -step.stake.rateDelta,
                },
              },
            ]
          : step?.kind === 'tier' && step.modules.length > 1
            ? [
                {
                  code: 'recommendation.on_path',
                  params: { tier: program.tiers[step.tier]?.id ?? '', step: step.modules.indexOf(m) + 1, steps: step.modules.length },
                },
              ]
            : [];
      return recommendation(m.moduleId, candidateOf(m.moduleId), m.hours, lead, step?.kind === 'renew' ? toPoints(step.units) : 0);
    });
  const leading = new Set(first.map((r) => r.moduleId));
  const rest = candidates
    .map((c) => recommendation(program.modules[c.module]?.id ?? '', c, round2(c.hours), [], 0))
    .filter((r) => !leading.has(r.moduleId));
  const recommendations = [...first, ...rest].slice(0, Math.max(0, limit)).map((r, k) => ({ ...r, rank: k + 1 }));

  const nextStep: NextStep | null = step
    ? {
        kind: step.kind,
        tier: program.tiers[step.tier]?.id ?? '',
        certificationId: step.certificationId,
        actBy: step.actBy,
        modules: step.modules,
        hours: round2(step.hours),
        rateDelta: toPoints(step.units),
        yearlyValue: yearly(toPoints(step.units)),
        currency,
        blockedBy: step.blockedBy,
      }
    : null;
  return { recommendations, nextStep, score: partnerScore({ policy, catalog, state }) };
}

/**
 * The recommendations alone (`advise`).
 *
 * @example
 * recommend({ policy, catalog, state, now, limit: 3 })[0];
 * // { moduleId: 'solution-selling', rank: 1, rateDelta: 7, reasons: [{ code: 'recommendation.reaches_tier', … }], … }
 */
export function recommend(options: AdviseOptions): Recommendation[] {
  return advise(options).recommendations;
}

/** The step alone (`advise`). */
export function nextStep(options: AdviseOptions): NextStep | null {
  return advise(options).nextStep;
}

// The renewal that keeps the most per hour of renewing; only renewals the partner can do.
function bestRenewal(stakes: readonly AtStake[], program: CompiledProgram): Step | null {
  let best: Step | null = null;
  for (const s of stakes) {
    if (!s.renewal.available || s.renewal.modules.length === 0) continue;
    const step: Step = {
      kind: 'renew',
      tier: program.tierRank.get(s.tier) ?? 0,
      certificationId: s.certificationId,
      actBy: s.actBy,
      modules: s.renewal.modules,
      hours: s.renewal.hours,
      units: Math.round(-s.rateDelta * UNITS),
      blockedBy: [],
      stake: s,
    };
    if (best === null || perHour(step) > perHour(best)) best = step;
  }
  return best;
}

// The cheapest way to the tier above the one in force; its gain is measured afterwards.
function planTier(
  program: CompiledProgram,
  state: PartnerTrainingState,
  t: Tally,
  rank: number,
  progress: ReturnType<typeof progressById>,
): Omit<Step, 'units'> | null {
  const target = rank + 1;
  if (target >= program.tiers.length) return null;
  const requirements = program.tiers.slice(0, target + 1).flatMap((tier) => tier.requirements);
  const path = new PathBuilder(program, t, rank, progress);
  const blocked = planRequirements(path, program, t, state, requirements);
  return {
    kind: 'tier',
    tier: target,
    certificationId: null,
    actBy: null,
    modules: path.modules(),
    hours: path.hours,
    blockedBy: blocked.map((r) => requirementStatus(program, r, t)),
  };
}

// What completing every module of the path gains, by simulation (it refills the program's tally).
function simulatedGain(options: Omit<AdviseOptions, 'limit'>, modules: readonly PathModule[], units: number): number {
  if (modules.length === 0) return 0;
  const after = applySteps({ ...options, steps: { complete: modules.map((m) => m.moduleId) } });
  return Math.round(evaluate({ ...options, state: after.state }).commission.rate * UNITS) - units;
}

// The single module that raises the rate most (the fewer hours on a tie).
function bestModule(program: CompiledProgram, candidates: readonly Candidate[]): Step | null {
  let best: Candidate | undefined;
  for (const c of candidates)
    if (c.rateDelta > 0 && (!best || c.rateDelta > best.rateDelta || (c.rateDelta === best.rateDelta && c.hours < best.hours))) best = c;
  if (!best) return null;
  return {
    kind: 'module',
    tier: best.tierAfter,
    certificationId: null,
    actBy: null,
    modules: [{ moduleId: program.modules[best.module]?.id ?? '', code: 'path.take', hours: round2(best.hours) }],
    hours: best.hours,
    units: best.rateDelta,
    blockedBy: [],
  };
}

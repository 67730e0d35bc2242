import { toPoints } from './commission.ts';
import { compile, CATEGORIES, type CompiledProgram, type CompiledRequirement, type Tally } from './compile.ts';
import type { Catalog } from './schemas/catalog.ts';
import type { LockedModule, Reason } from './schemas/evaluation.ts';
import type { TierPolicy } from './schemas/policy.ts';
import type { PartnerTrainingState } from './schemas/state.ts';
import type { ProgressLookup } from './progress.ts';
import { requiredModules } from './certifications.ts';

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** A module nearly done is not infinitely valuable: a quarter hour is the least a step counts. */
export const MIN_HOURS = 0.25;

function available(program: CompiledProgram, i: number, t: Tally, rank: number): boolean {
  if (program.moduleDone[i] === t.stamp) return false;
  if ((program.moduleMinTier[i] ?? Infinity) > rank) return false;
  for (const p of program.modulePrerequisites[i] ?? []) if (p < 0 || program.moduleDone[p] !== t.stamp) return false;
  return true;
}

// The category whose modules the partner has completed the smallest share of, among those
// that still have a module to take.
function weakCategory(program: CompiledProgram, t: Tally, open: readonly boolean[]): number {
  let weak = -1;
  let share = Infinity;
  for (let c = 0; c < CATEGORIES.length; c += 1) {
    const total = program.categoryTotals[c] ?? 0;
    if (total === 0 || !open[c]) continue;
    const s = (t.completed[c] ?? 0) / total;
    if (s < share) {
      share = s;
      weak = c;
    }
  }
  return weak;
}

function compare(a: Candidate, b: Candidate): number {
  return (
    Number(b.tierUp) - Number(a.tierUp) ||
    b.perHour - a.perHour ||
    b.unlocks.length - a.unlocks.length ||
    b.earns.length - a.earns.length ||
    b.advances.length - a.advances.length ||
    b.certProgress.length - a.certProgress.length ||
    Number(b.weak) - Number(a.weak) ||
    a.hours - b.hours ||
    a.module - b.module
  );
}

/** A module the partner can take now, measured as if completed. */
export interface Candidate {
  module: number;
  hours: number;
  /** Rate change in units. */
  rateDelta: number;
  perHour: number;
  tierAfter: number;
  tierUp: boolean;
  unlocks: CompiledRequirement[];
  advances: CompiledRequirement[];
  earns: number[];
  certProgress: { cert: number; remaining: number }[];
  weak: boolean;
}

/**
 * The modules the partner can take now (not completed, prerequisites completed, tier allowed),
 * best first: reaching a tier, then commission gain per hour of study (what `simulate` would
 * report), then requirements of the next tier unlocked or advanced, certifications earned or
 * advanced, the weakest category. `t` is the program's tally of the partner, collected with
 * `perModule`; `rank` and `units` the tier in force and its rate; `progress` the state's entries
 * by module. Leaves the tally as it found it.
 */
export function rankModules(
  program: CompiledProgram,
  state: PartnerTrainingState,
  nowMs: number,
  t: Tally,
  rank: number,
  units: number,
  progress: ProgressLookup,
): Candidate[] {
  const rateBefore = units;
  const nextRank = Math.min(rank + 1, program.tiers.length - 1);

  const pending: { r: CompiledRequirement; before: number }[] = [];
  for (let i = 0; i <= nextRank; i += 1) {
    for (const r of program.tiers[i]?.requirements ?? []) {
      const before = program.current(r, t);
      if (before < r.target) pending.push({ r, before });
    }
  }

  const n = program.modules.length;
  const open = [false, false, false];
  for (let i = 0; i < n; i += 1) {
    if (available(program, i, t, rank)) open[program.moduleCategory[i] ?? 0] = true;
  }
  const weak = weakCategory(program, t, open);
  // Per certification, the required modules that do not count towards a new certificate yet
  // (`requiredModules`, the rule `simulate` and the server apply); -1 for one not in the catalog.
  const uncounted = program.certifications.map((c) => {
    const { missing, belowPassing, retake } = requiredModules(c, program.moduleById, progress, state.certificates);
    return [...missing, ...belowPassing, ...retake].map((id) => program.moduleIndex.get(id) ?? -1);
  });

  const candidates: Candidate[] = [];
  for (let i = 0; i < n; i += 1) {
    if (!available(program, i, t, rank)) continue;
    const m = program.modules[i];
    if (m === undefined) continue;
    const seen = program.moduleSeen[i] === t.stamp;
    const recorded = seen ? (program.moduleSeconds[i] ?? 0) : 0;
    const percent = seen ? (program.modulePercent[i] ?? 0) : 0;
    const estimate = program.moduleEstimateSeconds[i] ?? 0;
    const category = program.moduleCategory[i] ?? 0;

    // Apply the step to the tally in place, measure, then undo: no state copy per candidate.
    const addedSeconds = Math.max(0, estimate - recorded);
    program.moduleDone[i] = t.stamp;
    t.completed[category] = (t.completed[category] ?? 0) + 1;
    t.seconds += addedSeconds;
    const earns: number[] = [];
    const certProgress: { cert: number; remaining: number }[] = [];
    for (const j of program.moduleCerts[i] ?? []) {
      if (program.certActive[j] === t.stamp) continue;
      let remaining = 0;
      for (const k of uncounted[j] ?? []) if (k !== i) remaining += 1;
      if (remaining === 0) earns.push(j);
      else certProgress.push({ cert: j, remaining });
    }
    for (const j of earns) {
      program.certActive[j] = t.stamp;
      const l = program.certLevel[j] ?? 0;
      t.active[l] = (t.active[l] ?? 0) + 1;
    }
    // The grace rule is applied afresh, as `simulate` would: a step may bring the recorded tier
    // back within reach of certificates still in grace.
    const tierAfter = Math.max(program.effectiveTier(state, nowMs, t, program.metTier(t)), rank);
    const rateDelta = program.rateUnits(tierAfter, t) - rateBefore;
    const unlocks: CompiledRequirement[] = [];
    const advances: CompiledRequirement[] = [];
    for (const { r, before } of pending) {
      const after = program.current(r, t);
      if (after >= r.target) unlocks.push(r);
      else if (after > before) advances.push(r);
    }
    for (const j of earns) {
      program.certActive[j] = 0;
      const l = program.certLevel[j] ?? 0;
      t.active[l] = (t.active[l] ?? 0) - 1;
    }
    t.seconds -= addedSeconds;
    t.completed[category] = (t.completed[category] ?? 0) - 1;
    program.moduleDone[i] = 0;

    const hours = ((m.estimatedMinutes / 60) * (100 - percent)) / 100;
    candidates.push({
      module: i,
      hours,
      rateDelta,
      perHour: rateDelta / Math.max(hours, MIN_HOURS),
      tierAfter,
      tierUp: tierAfter > rank,
      unlocks,
      advances,
      earns,
      certProgress,
      weak: category === weak,
    });
  }
  return candidates.sort(compare);
}

/** The reasons a candidate gives, as codes with parameters. */
export function candidateReasons(program: CompiledProgram, c: Candidate): Reason[] {
  const reasons: Reason[] = [];
  const tierId = (i: number) => program.tiers[i]?.id ?? '';
  const certId = (j: number) => program.certifications[j]?.id ?? '';
  if (c.tierUp) reasons.push({ code: 'recommendation.reaches_tier', params: { tier: tierId(c.tierAfter) } });
  if (c.rateDelta > 0) {
    reasons.push({
      code: 'recommendation.rate_gain',
      params: { rateDelta: toPoints(c.rateDelta), perHour: round4(toPoints(c.rateDelta) / Math.max(c.hours, MIN_HOURS)) },
    });
  }
  for (const r of c.unlocks) reasons.push({ code: 'recommendation.unlocks_requirement', params: { tier: r.tier, requirement: r.code } });
  for (const r of c.advances) reasons.push({ code: 'recommendation.advances_requirement', params: { tier: r.tier, requirement: r.code } });
  for (const j of c.earns) reasons.push({ code: 'recommendation.earns_certification', params: { certificationId: certId(j) } });
  for (const { cert, remaining } of c.certProgress) {
    reasons.push({ code: 'recommendation.certification_progress', params: { certificationId: certId(cert), remaining } });
  }
  if (c.weak)
    reasons.push({ code: 'recommendation.weak_area', params: { category: CATEGORIES[program.moduleCategory[c.module] ?? 0] ?? 'core' } });
  return reasons;
}

export interface LockedModulesOptions {
  policy: TierPolicy;
  catalog: Catalog;
  state: PartnerTrainingState;
  now: Date;
}

/**
 * Modules not completed that the partner cannot take yet, with why: `locked.prerequisites`
 * (`missing` module ids) and/or `locked.min_tier` (`minTier`, the partner's `tier`).
 *
 * @example
 * lockedModules({ policy, catalog, state, now });
 * // [{ moduleId: 'data-migration', reasons: [{ code: 'locked.prerequisites', params: { missing: ['implementation-methodology'] } }, …] }]
 */
export function lockedModules({ policy, catalog, state, now }: LockedModulesOptions): LockedModule[] {
  const program = compile({ policy, catalog });
  const nowMs = now.getTime();
  const t = program.collect(state, nowMs);
  const rank = program.effectiveTier(state, nowMs, t, program.metTier(t));
  const locked: LockedModule[] = [];
  program.modules.forEach((m, i) => {
    if (program.moduleDone[i] === t.stamp) return;
    const reasons: Reason[] = [];
    const missing = m.prerequisites.filter((id) => {
      const k = program.moduleIndex.get(id);
      return k === undefined || program.moduleDone[k] !== t.stamp;
    });
    if (missing.length > 0) reasons.push({ code: 'locked.prerequisites', params: { missing } });
    if ((program.moduleMinTier[i] ?? Infinity) > rank) {
      reasons.push({ code: 'locked.min_tier', params: { minTier: m.minTier ?? null, tier: program.tiers[rank]?.id ?? '' } });
    }
    if (reasons.length > 0) locked.push({ moduleId: m.id, reasons });
  });
  return locked;
}

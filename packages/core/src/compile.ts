import type { Catalog, Certification, Module, ModuleCategory } from './schemas/catalog.ts';
import type { Bonus, Requirement, TierPolicy } from './schemas/policy.ts';
import type { ModuleProgressEntry, PartnerTrainingState } from './schemas/state.ts';
import { activeAt, warningDays } from './certifications.ts';
import { addDays, toMillis } from './time.ts';

/**
 * Rates are computed in integer units of 0.0001 percentage points so that commission lines add
 * up to the rate exactly; `points = units / UNITS`.
 */
export const UNITS = 10_000;

export const CATEGORIES: readonly ModuleCategory[] = ['core', 'advanced', 'elective'];

export interface CompiledRequirement {
  readonly requirement: Requirement;
  readonly tier: string;
  readonly code: string;
  /** Category, level, module or certification index, depending on the kind; -1 if unknown. */
  readonly ref: number;
  /** The figure to reach, in the unit the tally counts (seconds for training hours). */
  readonly target: number;
}

export interface CompiledTier {
  readonly id: string;
  readonly name: string;
  readonly multiplier: number;
  readonly requirements: readonly CompiledRequirement[];
}

export interface CompiledBonus {
  readonly bonus: Bonus;
  readonly when: CompiledRequirement | null;
  readonly ref: number;
}

/**
 * What one partner's state amounts to. The compiled program owns one and refills it for each
 * evaluation, so the hot path allocates nothing; per-module and per-certification flags live in
 * the program's stamp arrays (`stamp` marks the entries that belong to this tally).
 */
export interface Tally {
  stamp: number;
  completed: number[];
  seconds: number;
  active: number[];
  performance: number;
  /** When the first active certificate ends (ms; Infinity with none): nothing is at stake before the warning window reaches it. */
  firstEnd: number;
}

/** A certificate that expired within the grace period and that the held tier relies on. */
export interface Lapse {
  cert: number;
  expiredMs: number;
}

export interface Grace {
  held: number;
  untilMs: number;
  lapses: Lapse[];
}

function categoryIndex(c: ModuleCategory): number {
  return c === 'core' ? 0 : c === 'advanced' ? 1 : 2;
}

function levelIndex(l: Certification['level']): number {
  return l === 'foundation' ? 0 : 1;
}

/**
 * A policy and a catalog turned into indices once, so that evaluating a partner is a few array
 * reads per module and certificate. Obtain one with `compile`; `evaluate` caches them per
 * policy and catalog object.
 */
export class CompiledProgram {
  readonly policy: TierPolicy;
  readonly catalog: Catalog;
  readonly modules: readonly Module[];
  readonly moduleIndex = new Map<string, number>();
  readonly moduleById = new Map<string, Module>();
  readonly moduleCategory: Int8Array;
  readonly moduleEstimateSeconds: Float64Array;
  readonly modulePrerequisites: number[][];
  /** Tier rank a module requires; Infinity when it names a tier the policy does not have. */
  readonly moduleMinTier: Float64Array;
  readonly categoryTotals = [0, 0, 0];
  readonly certifications: readonly Certification[];
  readonly certIndex = new Map<string, number>();
  readonly certLevel: Int8Array;
  readonly certModules: number[][];
  /** Certification indices each module counts towards. */
  readonly moduleCerts: number[][];
  /**
   * Per certification: whether a tier requires it (by id or by its level). Only those can hold a
   * tier through a grace period.
   */
  readonly certForTiers: boolean[];
  readonly tiers: readonly CompiledTier[];
  readonly tierRank = new Map<string, number>();
  /**
   * Per tier rank, per bonus: whether reaching that tier (meeting its requirements and every
   * lower tier's) meets the bonus's condition, and the count it guarantees a per-item bonus.
   */
  readonly reaching: readonly (readonly { applies: boolean; count: number }[])[];
  readonly bonuses: readonly CompiledBonus[];
  readonly baseUnits: number;
  readonly capUnits: number;
  readonly graceMs: number;
  /** The policy's warning window (`warningDays`) in ms. */
  readonly warningMs: number;

  readonly moduleDone: Float64Array;
  /** Per module: the tally stamp of its progress entry; with `collect(…, true)`, its recorded seconds and percent. */
  readonly moduleSeen: Float64Array;
  readonly moduleSeconds: Float64Array;
  readonly modulePercent: Float64Array;
  readonly certActive: Float64Array;
  readonly tally: Tally = { stamp: 0, completed: [0, 0, 0], seconds: 0, active: [0, 0], performance: 0, firstEnd: Infinity };

  constructor(policy: TierPolicy, catalog: Catalog) {
    this.policy = policy;
    this.catalog = catalog;
    this.modules = catalog.modules;
    this.certifications = catalog.certifications;
    const n = catalog.modules.length;
    this.moduleCategory = new Int8Array(n);
    this.moduleEstimateSeconds = new Float64Array(n);
    this.moduleMinTier = new Float64Array(n);
    this.moduleDone = new Float64Array(n);
    this.moduleSeen = new Float64Array(n);
    this.moduleSeconds = new Float64Array(n);
    this.modulePercent = new Float64Array(n);
    catalog.modules.forEach((m, i) => {
      this.moduleIndex.set(m.id, i);
      this.moduleById.set(m.id, m);
      const c = categoryIndex(m.category);
      this.moduleCategory[i] = c;
      this.categoryTotals[c] = (this.categoryTotals[c] ?? 0) + 1;
      this.moduleEstimateSeconds[i] = m.estimatedMinutes * 60;
    });
    policy.tiers.forEach((t, i) => this.tierRank.set(t.id, i));
    catalog.modules.forEach((m, i) => {
      this.moduleMinTier[i] = m.minTier === undefined ? 0 : (this.tierRank.get(m.minTier) ?? Infinity);
    });
    // A prerequisite missing from the catalog can never be completed, so it stays as -1 and keeps
    // the module locked rather than silently unlocking it.
    this.modulePrerequisites = catalog.modules.map((m) => m.prerequisites.map((p) => this.moduleIndex.get(p) ?? -1));
    this.certLevel = new Int8Array(catalog.certifications.length);
    this.certActive = new Float64Array(catalog.certifications.length);
    this.moduleCerts = catalog.modules.map(() => []);
    this.certModules = catalog.certifications.map((c, j) => {
      this.certIndex.set(c.id, j);
      this.certLevel[j] = levelIndex(c.level);
      return c.requiredModules.map((id) => {
        const i = this.moduleIndex.get(id) ?? -1;
        if (i >= 0) this.moduleCerts[i]?.push(j);
        return i;
      });
    });
    const required = policy.tiers.flatMap((t) => t.requirements);
    this.certForTiers = catalog.certifications.map((c) =>
      required.some(
        (r) => (r.kind === 'certification' && r.certificationId === c.id) || (r.kind === 'certification_level' && r.level === c.level),
      ),
    );
    this.tiers = policy.tiers.map((t) => ({
      id: t.id,
      name: t.name,
      multiplier: t.multiplier,
      requirements: t.requirements.map((r) => this.compileRequirement(r, t.id)),
    }));
    this.bonuses = policy.bonuses.map((b) => ({
      bonus: b,
      when: (b.kind === 'absolute' || b.kind === 'relative') && b.when ? this.compileRequirement(b.when, '') : null,
      ref: b.kind === 'per_certification' ? levelIndex(b.level) : b.kind === 'per_module' ? categoryIndex(b.category) : -1,
    }));
    // What reaching each tier brings to each bonus, worked out once rather than per evaluation.
    this.reaching = this.tiers.map((_, rank) => {
      const reached = this.tiers.slice(0, rank + 1).flatMap((t) => t.requirements);
      return this.bonuses.map((cb) => ({
        applies: cb.when !== null && implies(reached, cb.when),
        count:
          cb.bonus.kind === 'per_certification'
            ? assumedCount(reached, cb.ref, 'requirement.certification_level')
            : cb.bonus.kind === 'per_module'
              ? assumedCount(reached, cb.ref, 'requirement.category_count', 'requirement.category_complete')
              : 0,
      }));
    });
    this.baseUnits = Math.round(policy.baseRate * UNITS);
    this.capUnits = Math.round(policy.cap * UNITS);
    this.graceMs = addDays(0, policy.downgrade.graceDays);
    this.warningMs = addDays(0, warningDays(policy));
  }

  private compileRequirement(r: Requirement, tier: string): CompiledRequirement {
    const code = `requirement.${r.kind}`;
    switch (r.kind) {
      case 'category_complete': {
        const ref = categoryIndex(r.category);
        return { requirement: r, tier, code, ref, target: this.categoryTotals[ref] ?? 0 };
      }
      case 'category_count':
        return { requirement: r, tier, code, ref: categoryIndex(r.category), target: r.count };
      case 'module_completed':
        return { requirement: r, tier, code, ref: this.moduleIndex.get(r.moduleId) ?? -1, target: 1 };
      case 'training_hours':
        return { requirement: r, tier, code, ref: -1, target: r.hours * 3600 };
      case 'certification_level':
        return { requirement: r, tier, code, ref: levelIndex(r.level), target: r.count };
      case 'certification':
        return { requirement: r, tier, code, ref: this.certIndex.get(r.certificationId) ?? -1, target: 1 };
      case 'performance':
        return { requirement: r, tier, code, ref: -1, target: r.score };
    }
  }

  /**
   * Fills the program's tally from a state. Training time: recorded `timeSpentSeconds` of every
   * catalog module, except that a completed module with no recorded time counts its
   * `estimatedMinutes` (self-completed modules are never timed).
   *
   * @param perModule also keep each module's recorded seconds and percent (`moduleSeconds`,
   *   `modulePercent`), which recommendations need and an evaluation does not: the two stores
   *   cost an evaluation about 15%.
   */
  collect(state: PartnerTrainingState, nowMs: number, perModule = false): Tally {
    const t = this.tally;
    const stamp = (t.stamp += 1);
    const completed = t.completed;
    const active = t.active;
    active[0] = 0;
    active[1] = 0;
    let seconds = 0;
    const progress = state.progress;
    // Locals rather than `this.` reads: this loop is most of an evaluation's time.
    const index = this.moduleIndex;
    const seen = this.moduleSeen;
    const done = this.moduleDone;
    const recorded = this.moduleSeconds;
    const percent = this.modulePercent;
    const category = this.moduleCategory;
    const estimate = this.moduleEstimateSeconds;
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    for (let k = 0; k < progress.length; k += 1) {
      const p = progress[k] as ModuleProgressEntry;
      const i = index.get(p.moduleId);
      // A repeated entry is invalid input; counting only the first keeps the tally sane.
      if (i === undefined || seen[i] === stamp) continue;
      seen[i] = stamp;
      const spent = p.timeSpentSeconds;
      if (perModule) {
        recorded[i] = spent;
        percent[i] = p.percent;
      }
      if (p.status === 'completed') {
        done[i] = stamp;
        const c = category[i];
        if (c === 0) c0 += 1;
        else if (c === 1) c1 += 1;
        else c2 += 1;
        seconds += spent > 0 ? spent : (estimate[i] as number);
      } else {
        seconds += spent;
      }
    }
    completed[0] = c0;
    completed[1] = c1;
    completed[2] = c2;
    t.seconds = seconds;
    const certs = state.certificates;
    let firstEnd = Infinity;
    for (let k = 0; k < certs.length; k += 1) {
      const c = certs[k];
      if (c === undefined) continue;
      const j = this.certIndex.get(c.certificationId);
      if (j === undefined || this.certActive[j] === stamp) continue;
      if (activeAt(c, nowMs)) {
        this.certActive[j] = stamp;
        const l = this.certLevel[j] ?? 0;
        active[l] = (active[l] ?? 0) + 1;
        firstEnd = Math.min(firstEnd, toMillis(c.expiresAt));
      }
    }
    t.firstEnd = firstEnd;
    t.performance = state.partner.performanceScore;
    return t;
  }

  /** The figure a requirement measures, in the unit of its `target`. */
  current(r: CompiledRequirement, t: Tally): number {
    switch (r.requirement.kind) {
      case 'category_complete':
      case 'category_count':
        return t.completed[r.ref] ?? 0;
      case 'module_completed':
        return r.ref >= 0 && this.moduleDone[r.ref] === t.stamp ? 1 : 0;
      case 'training_hours':
        return t.seconds;
      case 'certification_level':
        return t.active[r.ref] ?? 0;
      case 'certification':
        return r.ref >= 0 && this.certActive[r.ref] === t.stamp ? 1 : 0;
      case 'performance':
        return t.performance;
    }
  }

  met(r: CompiledRequirement, t: Tally): boolean {
    return this.current(r, t) >= r.target;
  }

  tierMet(i: number, t: Tally): boolean {
    const reqs = this.tiers[i]?.requirements ?? [];
    for (let k = 0; k < reqs.length; k += 1) {
      const r = reqs[k];
      if (r !== undefined && !this.met(r, t)) return false;
    }
    return true;
  }

  /** Rank of the highest tier whose cumulative requirements are met; the lowest tier is the floor. */
  metTier(t: Tally): number {
    let rank = 0;
    for (let i = 0; i < this.tiers.length; i += 1) {
      if (!this.tierMet(i, t)) break;
      rank = i;
    }
    return rank;
  }

  /**
   * The rate at a tier in units; with `lines`, also the commission lines. Bonuses apply in
   * policy order after the multiplier, a relative bonus to the running rate; then the cap.
   */
  /**
   * @param reachedRank price as if this tier were reached (pricing the next tier): a bonus its
   *   requirements imply applies, and a per-certification or per-module bonus counts at least
   *   what they require; -1 for the partner as they are.
   */
  rateUnits(tier: number, t: Tally, lines?: LineSink, reachedRank = -1): number {
    const reaching = this.reaching[reachedRank];
    const base = this.baseUnits;
    const multiplier = this.tiers[tier]?.multiplier ?? 1;
    let running = Math.round(base * multiplier);
    if (lines) {
      lines.base(base);
      lines.multiplier(this.tiers[tier]?.id ?? '', multiplier, running - base);
    }
    const bonuses = this.bonuses;
    for (let k = 0; k < bonuses.length; k += 1) {
      const cb = bonuses[k];
      if (cb === undefined) continue;
      const b = cb.bonus;
      let add = 0;
      let applied = true;
      let count: number | null = null;
      switch (b.kind) {
        case 'absolute':
          applied = cb.when === null || this.met(cb.when, t) || reaching?.[k]?.applies === true;
          add = applied ? Math.round(b.points * UNITS) : 0;
          break;
        case 'relative':
          applied = cb.when === null || this.met(cb.when, t) || reaching?.[k]?.applies === true;
          add = applied ? Math.round(running * b.factor) - running : 0;
          break;
        case 'per_certification':
        case 'per_module':
          count = Math.max((b.kind === 'per_certification' ? t.active[cb.ref] : t.completed[cb.ref]) ?? 0, reaching?.[k]?.count ?? 0);
          applied = count > 0;
          add = Math.min(Math.round(count * b.points * UNITS), Math.round(b.max * UNITS));
          break;
      }
      running += add;
      if (lines) lines.bonus(cb, applied, count, add);
    }
    if (running > this.capUnits) {
      if (lines) lines.cap(this.capUnits, this.capUnits - running);
      running = this.capUnits;
    }
    return running;
  }

  /**
   * The downgrade rule: when the recorded tier is above the tier met now and certificates that
   * expired less than `graceDays` ago would make up the difference (only certifications a tier
   * requires count: `certForTiers`), the partner holds the tier
   * (at most the recorded one) until the earliest of those certificates' grace ends. Revoked
   * certificates get no grace. Leaves the tally as it found it.
   *
   * @param excluded a certification index whose lapsed certificates get no grace (to price the
   *   end of its grace); -1 for none.
   */
  grace(state: PartnerTrainingState, nowMs: number, t: Tally, metRank: number, excluded = -1): Grace | null {
    const recorded = this.tierRank.get(state.partner.tier);
    if (recorded === undefined || recorded <= metRank || this.graceMs <= 0) return null;
    const latest = new Map<number, number>();
    for (const c of state.certificates) {
      if (c.revokedAt !== null) continue;
      const j = this.certIndex.get(c.certificationId);
      if (j === undefined || j === excluded || this.certActive[j] === t.stamp || this.certForTiers[j] !== true) continue;
      const expired = toMillis(c.expiresAt);
      if (toMillis(c.issuedAt) <= nowMs && expired <= nowMs && nowMs < expired + this.graceMs) {
        latest.set(j, Math.max(expired, latest.get(j) ?? -Infinity));
      }
    }
    if (latest.size === 0) return null;
    // Latest expiry first: the certificates that stay in grace longest are relied on first, so
    // the deadline is as late as the rule allows.
    const lapses: Lapse[] = [...latest]
      .map(([cert, expiredMs]) => ({ cert, expiredMs }))
      .sort((a, b) => b.expiredMs - a.expiredMs || a.cert - b.cert);
    const saved = lapses.map((l) => this.certActive[l.cert] ?? 0);
    const add = (l: Lapse) => {
      this.certActive[l.cert] = t.stamp;
      const lv = this.certLevel[l.cert] ?? 0;
      t.active[lv] = (t.active[lv] ?? 0) + 1;
    };
    for (const l of lapses) add(l);
    const target = Math.min(recorded, this.metTier(t));
    this.restore(lapses, saved, t);
    if (target <= metRank) return null;
    const used: Lapse[] = [];
    for (const l of lapses) {
      add(l);
      used.push(l);
      if (this.metTier(t) >= target) break;
    }
    this.restore(used, saved, t);
    const last = used[used.length - 1];
    if (last === undefined) return null;
    return { held: target, untilMs: last.expiredMs + this.graceMs, lapses: used };
  }

  private restore(lapses: readonly Lapse[], saved: readonly number[], t: Tally): void {
    lapses.forEach((l, k) => {
      this.certActive[l.cert] = saved[k] ?? 0;
      const lv = this.certLevel[l.cert] ?? 0;
      t.active[lv] = (t.active[lv] ?? 0) - 1;
    });
  }

  /** Tier in force: the tier met, or the one held during grace. */
  effectiveTier(state: PartnerTrainingState, nowMs: number, t: Tally, metRank: number): number {
    const g = this.grace(state, nowMs, t, metRank);
    return g === null ? metRank : g.held;
  }
}

/** Whether meeting every requirement of `assumed` means `when` is met too. */
function implies(assumed: readonly CompiledRequirement[], when: CompiledRequirement): boolean {
  return assumed.some((r) => r.code === when.code && r.ref === when.ref && r.target >= when.target);
}

/** The largest count the `assumed` requirements of the given kinds demand for `ref`. */
function assumedCount(assumed: readonly CompiledRequirement[], ref: number, code: string, alsoCode?: string): number {
  let count = 0;
  for (const r of assumed) if ((r.code === code || r.code === alsoCode) && r.ref === ref) count = Math.max(count, r.target);
  return count;
}

/** Receives commission lines as `rateUnits` computes them. */
export interface LineSink {
  base(units: number): void;
  multiplier(tier: string, factor: number, units: number): void;
  bonus(bonus: CompiledBonus, applied: boolean, count: number | null, units: number): void;
  cap(capUnits: number, units: number): void;
}

const cache = new WeakMap<TierPolicy, WeakMap<Catalog, CompiledProgram>>();

export interface CompileOptions {
  policy: TierPolicy;
  catalog: Catalog;
}

/**
 * The compiled form of a policy over a catalog, cached per (policy, catalog) object pair, so
 * treat both as immutable once passed in.
 *
 * @example
 * const program = compile({ policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG });
 */
export function compile({ policy, catalog }: CompileOptions): CompiledProgram {
  let byCatalog = cache.get(policy);
  if (!byCatalog) {
    byCatalog = new WeakMap();
    cache.set(policy, byCatalog);
  }
  let program = byCatalog.get(catalog);
  if (!program) {
    program = new CompiledProgram(policy, catalog);
    byCatalog.set(catalog, program);
  }
  return program;
}

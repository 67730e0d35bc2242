import { requiredModules } from './certifications.ts';
import type { CompiledProgram, CompiledRequirement, Tally } from './compile.ts';
import type { Module } from './schemas/catalog.ts';
import type { PathModule } from './schemas/evaluation.ts';
import type { ProgressLookup } from './progress.ts';
import type { PartnerTrainingState } from './schemas/state.ts';

export type PathCode = 'path.take' | 'path.retake' | 'path.pass';

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * A set of modules to take, built up step by step: each module joins after the prerequisites it
 * still lacks, so the order is one a partner can follow. A module that cannot be taken (a
 * prerequisite gone from the catalog, a tier the partner does not hold) makes the path
 * unavailable rather than silently dropping out.
 */
export class PathBuilder {
  readonly #program: CompiledProgram;
  readonly #t: Tally;
  readonly #rank: number;
  readonly #progress: ProgressLookup;
  readonly #order: number[] = [];
  readonly #codes = new Map<number, PathCode>();
  readonly #certifications = new Set<number>();
  /** False once a module it needs cannot be taken. */
  available = true;
  /** Training time the path adds to the partner's training hours (a retake adds none), in seconds. */
  addedSeconds = 0;

  /**
   * @param t the program's tally of the partner (module completion is read from it)
   * @param rank the tier the partner holds, which decides what `minTier` lets them take
   */
  constructor(program: CompiledProgram, t: Tally, rank: number, progress: ProgressLookup) {
    this.#program = program;
    this.#t = t;
    this.#rank = rank;
    this.#progress = progress;
  }

  has(i: number): boolean {
    return this.#codes.has(i);
  }

  get size(): number {
    return this.#order.length;
  }

  /** Whether completing module `i` is done or already in the path. */
  done(i: number): boolean {
    return this.#program.moduleDone[i] === this.#t.stamp || this.#codes.has(i);
  }

  /** What adding `i` (with the prerequisites it lacks) would cost in hours; Infinity if it cannot be taken. */
  cost(i: number, code: PathCode = 'path.take'): number {
    const seen = new Set<number>();
    const walk = (k: number, c: PathCode): number => {
      if (k < 0 || (this.#program.moduleMinTier[k] ?? Infinity) > this.#rank) return Infinity;
      if (seen.has(k) || this.#codes.has(k) || (c === 'path.take' && this.#program.moduleDone[k] === this.#t.stamp)) return 0;
      seen.add(k);
      let hours = this.#hours(k, c);
      for (const p of this.#program.modulePrerequisites[k] ?? []) hours += walk(p, 'path.take');
      return hours;
    };
    return walk(i, code);
  }

  /** Adds module `i` after the prerequisites it lacks; false (and the path unavailable) if it cannot be taken. */
  add(i: number, code: PathCode = 'path.take'): boolean {
    if (i < 0 || (this.#program.moduleMinTier[i] ?? Infinity) > this.#rank) {
      this.available = false;
      return false;
    }
    if (this.#codes.has(i)) return true;
    if (code === 'path.take' && this.#program.moduleDone[i] === this.#t.stamp) return true;
    // Marked first, so a prerequisite cycle in a bad catalog cannot recurse for ever.
    this.#codes.set(i, code);
    let ok = true;
    for (const p of this.#program.modulePrerequisites[i] ?? []) ok = this.add(p, 'path.take') && ok;
    this.#order.push(i);
    if (code === 'path.take') {
      const recorded = this.#progress.get(this.#module(i).id)?.timeSpentSeconds ?? 0;
      this.addedSeconds += Math.max(0, (this.#program.moduleEstimateSeconds[i] ?? 0) - recorded);
    }
    return ok;
  }

  /** Whether certification `j` was added with `addCertification`. */
  hasCertification(j: number): boolean {
    return this.#certifications.has(j);
  }

  /** Adds what certification `j` still needs: the required modules that do not count yet. */
  addCertification(j: number, state: PartnerTrainingState): boolean {
    const c = this.#program.certifications[j];
    if (c === undefined) return false;
    this.#certifications.add(j);
    const need = requiredModules(c, this.#program.moduleById, this.#progress, state.certificates);
    let ok = true;
    const index = (id: string) => this.#program.moduleIndex.get(id) ?? -1;
    for (const id of c.requiredModules) {
      const code: PathCode | null = need.missing.includes(id)
        ? 'path.take'
        : need.belowPassing.includes(id)
          ? 'path.pass'
          : need.retake.includes(id)
            ? 'path.retake'
            : null;
      if (code !== null) ok = this.add(index(id), code) && ok;
    }
    return ok;
  }

  /** Hours certification `j` would add to the path, given what is in it already. */
  certificationCost(j: number, state: PartnerTrainingState): number {
    const trial = this.fork();
    return trial.addCertification(j, state) ? trial.hours - this.hours : Infinity;
  }

  /** A copy to try additions on. */
  fork(): PathBuilder {
    const copy = new PathBuilder(this.#program, this.#t, this.#rank, this.#progress);
    copy.#order.push(...this.#order);
    for (const [k, v] of this.#codes) copy.#codes.set(k, v);
    for (const j of this.#certifications) copy.#certifications.add(j);
    copy.available = this.available;
    copy.addedSeconds = this.addedSeconds;
    return copy;
  }

  get hours(): number {
    let h = 0;
    for (const i of this.#order) h += this.#hours(i, this.#codes.get(i) ?? 'path.take');
    return h;
  }

  /** Module ids in the order to take them. */
  get moduleIds(): string[] {
    return this.#order.map((i) => this.#module(i).id);
  }

  modules(): PathModule[] {
    return this.#order.map((i) => {
      const code = this.#codes.get(i) ?? 'path.take';
      return { moduleId: this.#module(i).id, code, hours: round2(this.#hours(i, code)) };
    });
  }

  #module(i: number): Module {
    return this.#program.modules[i] as Module;
  }

  // Study time: what is left of a module not completed; all of it to take one again.
  #hours(i: number, code: PathCode): number {
    const minutes = this.#module(i).estimatedMinutes;
    if (code !== 'path.take') return minutes / 60;
    const p = this.#progress.get(this.#module(i).id);
    const percent = p !== undefined && p.status === 'in_progress' ? p.percent : 0;
    return ((minutes / 60) * (100 - percent)) / 100;
  }
}

/**
 * Adds the cheapest modules that meet `requirements` (a tier's, cumulative), and returns those no
 * module can meet (a performance score), or that the catalog cannot satisfy.
 */
export function planRequirements(
  path: PathBuilder,
  program: CompiledProgram,
  t: Tally,
  state: PartnerTrainingState,
  requirements: readonly CompiledRequirement[],
): CompiledRequirement[] {
  const blocked: CompiledRequirement[] = [];
  const unmet = requirements.filter((r) => !program.met(r, t));
  // Definite needs first, so choices (which certifications, which modules, how many hours) are
  // made knowing what is already in the path.
  const order = [
    'module_completed',
    'category_complete',
    'certification',
    'certification_level',
    'category_count',
    'training_hours',
    'performance',
  ];
  unmet.sort((a, b) => order.indexOf(a.requirement.kind) - order.indexOf(b.requirement.kind));
  for (const r of unmet) {
    const req = r.requirement;
    let ok = true;
    switch (req.kind) {
      case 'module_completed':
        ok = path.add(r.ref);
        break;
      case 'category_complete':
        program.modules.forEach((_, i) => {
          if (program.moduleCategory[i] === r.ref) ok = path.add(i) && ok;
        });
        break;
      case 'certification':
        ok = r.ref >= 0 && path.addCertification(r.ref, state);
        break;
      case 'certification_level': {
        // Each further certification the cheapest given the path so far.
        let planned = 0;
        program.certifications.forEach((_, j) => {
          if (program.certLevel[j] === r.ref && program.certActive[j] !== t.stamp && path.hasCertification(j)) planned += 1;
        });
        for (let need = r.target - (t.active[r.ref] ?? 0) - planned; need > 0 && ok; need -= 1) {
          let best = -1;
          let bestCost = Infinity;
          program.certifications.forEach((_, j) => {
            if (program.certLevel[j] !== r.ref || program.certActive[j] === t.stamp || path.hasCertification(j)) return;
            const cost = path.certificationCost(j, state);
            if (cost < bestCost) [best, bestCost] = [j, cost];
          });
          ok = best >= 0 && path.addCertification(best, state);
        }
        break;
      }
      case 'category_count': {
        let count = (t.completed[r.ref] ?? 0) + countIn(path, program, t, r.ref);
        while (count < r.target && ok) {
          const next = cheapest(path, program, (i) => program.moduleCategory[i] === r.ref);
          ok = next >= 0 && path.add(next);
          count = (t.completed[r.ref] ?? 0) + countIn(path, program, t, r.ref);
        }
        break;
      }
      case 'training_hours': {
        // The smallest module that covers what is left, else the largest, until it is covered.
        let short = r.target - t.seconds - path.addedSeconds;
        while (short > 0 && ok) {
          const open = program.modules.map((_, i) => i).filter((i) => !path.done(i) && Number.isFinite(path.cost(i)));
          if (open.length === 0) {
            ok = false;
            break;
          }
          const seconds = (i: number) => program.moduleEstimateSeconds[i] ?? 0;
          const covering = open.filter((i) => seconds(i) >= short).sort((a, b) => seconds(a) - seconds(b) || a - b);
          const pick = covering[0] ?? open.sort((a, b) => seconds(b) - seconds(a) || a - b)[0]!;
          path.add(pick);
          short = r.target - t.seconds - path.addedSeconds;
        }
        break;
      }
      case 'performance':
        ok = false;
        break;
    }
    if (!ok) blocked.push(r);
  }
  return blocked;
}

function countIn(path: PathBuilder, program: CompiledProgram, t: Tally, category: number): number {
  let n = 0;
  program.modules.forEach((_, i) => {
    if (path.has(i) && program.moduleCategory[i] === category && program.moduleDone[i] !== t.stamp) n += 1;
  });
  return n;
}

function cheapest(path: PathBuilder, program: CompiledProgram, wanted: (i: number) => boolean): number {
  let best = -1;
  let bestCost = Infinity;
  program.modules.forEach((_, i) => {
    if (!wanted(i) || path.done(i)) return;
    const cost = path.cost(i);
    if (cost < bestCost) [best, bestCost] = [i, cost];
  });
  return best;
}

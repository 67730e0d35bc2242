import { UNITS, type CompiledBonus, type CompiledProgram, type LineSink, type Tally } from './compile.ts';
import { conditionStatus } from './requirements.ts';
import type { Commission, CommissionLine } from './schemas/evaluation.ts';

/** Percentage points from integer units; exact to the 4 decimals the units carry. */
export function toPoints(units: number): number {
  return units / UNITS;
}

/**
 * Sums commission points the way the engine does, in integer units, so the result equals the
 * rate exactly (a plain float sum of 0.1-style values may be off in the last bit).
 */
export function sumPoints(points: readonly number[]): number {
  let units = 0;
  for (const p of points) units += Math.round(p * UNITS);
  return units / UNITS;
}

// Shared by every line without parameters, frozen: one allocation fewer per bonus and evaluation.
const NO_PARAMS = Object.freeze({});

class Lines implements LineSink {
  readonly lines: CommissionLine[] = [];
  readonly #program: CompiledProgram;
  readonly #t: Tally;

  constructor(program: CompiledProgram, t: Tally) {
    this.#program = program;
    this.#t = t;
  }

  base(units: number): void {
    this.lines.push({ kind: 'base', points: toPoints(units) });
  }
  multiplier(tier: string, factor: number, units: number): void {
    this.lines.push({ kind: 'multiplier', tier, factor, points: toPoints(units) });
  }
  bonus({ bonus: b, when }: CompiledBonus, applied: boolean, count: number | null, units: number): void {
    const perItem = b.kind === 'per_certification' || b.kind === 'per_module';
    this.lines.push({
      kind: 'bonus',
      id: b.id,
      bonusKind: b.kind,
      applied,
      count,
      points: toPoints(units),
      value: b.kind === 'relative' ? b.factor : b.points,
      max: perItem ? b.max : null,
      condition: when === null ? null : conditionStatus(this.#program, when, this.#t),
      params: b.kind === 'per_certification' ? { level: b.level } : b.kind === 'per_module' ? { category: b.category } : NO_PARAMS,
    });
  }
  cap(capUnits: number, units: number): void {
    this.lines.push({ kind: 'cap', cap: toPoints(capUnits), points: toPoints(units) });
  }
}

/**
 * The commission at a tier as lines: base, the tier multiplier's share, every bonus (also those
 * not applied, with 0 points, and with what earns them, so a widget can show what is still to
 * gain), and the cap when it cuts. Rate = base × multiplier + bonuses, capped.
 */
export function commissionAt(program: CompiledProgram, tier: number, t: Tally): Commission {
  const sink = new Lines(program, t);
  const units = program.rateUnits(tier, t, sink);
  return { rate: toPoints(units), lines: sink.lines };
}

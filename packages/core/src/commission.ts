import { UNITS, type CompiledProgram, type LineSink, type Tally } from './compile.ts';
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

class Lines implements LineSink {
  readonly lines: CommissionLine[] = [];
  base(units: number): void {
    this.lines.push({ kind: 'base', points: toPoints(units) });
  }
  multiplier(tier: string, factor: number, units: number): void {
    this.lines.push({ kind: 'multiplier', tier, factor, points: toPoints(units) });
  }
  bonus(bonus: Parameters<LineSink['bonus']>[0], applied: boolean, count: number | null, units: number): void {
    this.lines.push({ kind: 'bonus', id: bonus.id, bonusKind: bonus.kind, applied, count, points: toPoints(units) });
  }
  cap(capUnits: number, units: number): void {
    this.lines.push({ kind: 'cap', cap: toPoints(capUnits), points: toPoints(units) });
  }
}

/**
 * The commission at a tier as lines: base, the tier multiplier's share, every bonus (also those
 * not applied, with 0 points, so a widget can show what is still to gain), and the cap when it
 * cuts. Rate = base × multiplier + bonuses, capped.
 */
export function commissionAt(program: CompiledProgram, tier: number, t: Tally): Commission {
  const sink = new Lines();
  const units = program.rateUnits(tier, t, sink);
  return { rate: toPoints(units), lines: sink.lines };
}

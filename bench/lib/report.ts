/** One row of a benchmark's table: a label and its figures. */
export type Row = Record<string, string | number>;

/**
 * Prints a readable table, then the one JSON line every benchmark ends with.
 *
 * @example
 * report('tier', [{ case: 'evaluate', 'ops/s': 612000 }], { evals_per_s: 612000 });
 */
export function report(bench: string, rows: readonly Row[], figures: Record<string, number>): void {
  if (rows.length > 0) {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const cell = (v: string | number | undefined) =>
      typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 3 }) : (v ?? '');
    const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(cell(r[c])).length)));
    const line = (values: string[]) => values.map((v, i) => v.padStart(widths[i] ?? 0)).join('  ');
    console.log(line(columns));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const r of rows) console.log(line(columns.map((c) => String(cell(r[c])))));
  }
  console.log(JSON.stringify({ bench, ...figures }));
}

/** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns operations per second. */
export function opsPerSecond(fn: () => unknown, ms = 1000): number {
  const warmUntil = performance.now() + Math.min(200, ms / 4);
  while (performance.now() < warmUntil) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i += 1) fn();
    ops += 100;
    now = performance.now();
  }
  return (ops / (now - start)) * 1000;
}

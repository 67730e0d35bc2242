import type { Logger } from 'pino';
import { runningProgramChange } from './program-change.ts';
import { programStore } from './program.ts';
import { reevaluatePartners, type EvaluationRun } from './reevaluate.ts';
import type { WriteContext } from './write.ts';

export interface SweepOptions {
  ctx: WriteContext;
  logger: Logger;
  intervalMs: number;
  batchSize: number;
}

/**
 * One sweep: partners a catalog change could not re-evaluate (its request failed mid-way), then
 * those whose `next_check_at` has passed by the clock, re-evaluated so that what time changed is
 * stored and streamed like any other change.
 *
 * @example
 * const run = await sweepOnce(ctx, 200);
 */
export async function sweepOnce(ctx: WriteContext, batchSize: number): Promise<EvaluationRun> {
  // While a program change runs, the partners it has not reached yet are stale, and its own.
  const stale = (await runningProgramChange(ctx.db))
    ? { partners: 0, changed: 0, events: 0 }
    : await reevaluatePartners(ctx, { which: 'stale', batchSize, program: await programStore(ctx.db).current() });
  const due = await reevaluatePartners(ctx, { which: 'due', batchSize });
  return { partners: stale.partners + due.partners, changed: stale.changed + due.changed, events: stale.events + due.events };
}

/**
 * Time alone changes some evaluations: a certificate expires or nears expiry, a grace period
 * ends. Every `intervalMs` a sweep (`sweepOnce`) finds them. Returns the function that stops it.
 *
 * @example
 * const stop = startSweep({ ctx, logger, intervalMs: 60_000, batchSize: 200 });
 */
export function startSweep({ ctx, logger, intervalMs, batchSize }: SweepOptions): () => void {
  if (intervalMs <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepOnce(ctx, batchSize)
      .then((run) => {
        if (run.partners > 0) logger.info(run, 'expiry sweep');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'expiry sweep failed; retrying next interval'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

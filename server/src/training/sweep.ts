import type { Logger } from 'pino';
import { programStore } from './program.ts';
import { reevaluatePartners } from './reevaluate.ts';
import type { WriteContext } from './write.ts';

export interface SweepOptions {
  ctx: WriteContext;
  logger: Logger;
  intervalMs: number;
  batchSize: number;
}

/**
 * Time alone changes some evaluations: a certificate expires or nears expiry, a grace period
 * ends. Every `intervalMs` the partners whose `next_check_at` has passed are re-evaluated, so
 * those changes are stored and streamed like any other. Returns the function that stops it.
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
    // `stale` first: partners a policy change could not re-evaluate (its request failed mid-way).
    programStore(ctx.db)
      .current()
      .then((program) => reevaluatePartners(ctx, { which: 'stale', batchSize, program }))
      .then(() => reevaluatePartners(ctx, { which: 'due', batchSize }))
      .then((run) => {
        if (run.partners > 0) logger.info(run, 'expiry sweep');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'expiry sweep failed; retrying next interval'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

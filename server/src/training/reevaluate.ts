import { and, asc, gt, isNull, lte, ne, or, type SQL } from 'drizzle-orm';
import { partners } from '../db/schema.ts';
import type { Program } from './program.ts';
import { writeTraining, type WriteContext } from './write.ts';

/** What an evaluation run did: partners evaluated, how many changed tier or rate, events written. */
export interface EvaluationRun {
  partners: number;
  changed: number;
  events: number;
}

export interface ReevaluateOptions {
  /** Partners per transaction. */
  batchSize: number;
  /** `stale`: never evaluated or under another policy version; `due`: time changed something. (Every partner: a change, `reevaluateAfter`.) */
  which: 'stale' | 'due';
  /** Default: whatever each transaction sees. */
  program?: Program;
  /** Default: the clock's time. */
  now?: Date;
}

/**
 * Re-evaluates partners in batches of one transaction each, publishing each batch's events as it
 * commits (so widgets see the changes stream in while a large run goes on).
 *
 * @example
 * const run = await reevaluatePartners(ctx, { which: 'due', batchSize: 200 });
 */
export async function reevaluatePartners(
  ctx: WriteContext,
  { batchSize, which, program, now = ctx.clock.now() }: ReevaluateOptions,
): Promise<EvaluationRun> {
  const run: EvaluationRun = { partners: 0, changed: 0, events: 0 };
  let after = '';
  for (;;) {
    const filters: (SQL | undefined)[] = [gt(partners.id, after)];
    if (which === 'due') filters.push(lte(partners.nextCheckAt, now));
    if (which === 'stale' && program) filters.push(or(isNull(partners.evaluatedAt), ne(partners.policyVersion, program.policy.version)));
    if (which === 'stale' && !program) filters.push(isNull(partners.evaluatedAt));
    const ids = (
      await ctx.db
        .select({ id: partners.id })
        .from(partners)
        .where(and(...filters))
        .orderBy(asc(partners.id))
        .limit(batchSize)
    ).map((r) => r.id);
    if (ids.length === 0) return run;
    after = ids.at(-1)!;
    const { result, events } = await writeTraining(ctx, {
      partnerIds: ids,
      now,
      ...(program ? { program } : {}),
      apply: (trainings) => {
        for (const training of trainings.values()) training.reevaluate();
        return trainings;
      },
    });
    run.partners += result.size;
    for (const training of result.values()) if (training.moved) run.changed += 1;
    run.events += events;
  }
}

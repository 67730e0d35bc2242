import type { ProgramChange } from '@siso/training-core';
import type { Db, Tx } from '../db/database.ts';
import type { Clock } from '../time/clock.ts';
import { startReevaluation, toProgramChange, type ProgramChangeRow } from './program-change.ts';
import type { ProgramChangeRunner } from './program-change-runner.ts';
import { bumpProgramRevision, lockProgram, programStore, type Program } from './program.ts';
import { transaction } from './write.ts';

export interface ReevaluationContext {
  db: Db;
  clock: Clock;
  programChanges: ProgramChangeRunner;
}

/**
 * What every catalog write and `POST /v1/evaluations` do: in one transaction under the program
 * lock, `write` (if given: then the program's revision moves on) and the change that re-evaluates
 * every partner (`startReevaluation`: a new one, or the one running, asked to go over them again);
 * after the commit, this node runs it if it is new. Answers at once: partners follow in batches.
 *
 * @example
 * const { result: created, change } = await reevaluateAfter(services, 'catalog', async (tx, program) => { … });
 */
export async function reevaluateAfter<T>(
  { db, clock, programChanges }: ReevaluationContext,
  cause: Exclude<ProgramChangeRow['cause'], 'policy'>,
  write?: (tx: Tx, program: Program) => Promise<T>,
): Promise<{ result: T | undefined; change: ProgramChange }> {
  const { result, row, started } = await transaction(db, async (tx) => {
    const program = await lockProgram(tx);
    const result = write ? await write(tx, program) : undefined;
    if (write) await bumpProgramRevision(tx);
    const change = await startReevaluation(tx, { cause, policyVersion: program.policy.version, ...programChanges.lease, now: clock.now() });
    return { result, ...change };
  });
  if (write) programStore(db).invalidate();
  if (started) programChanges.run(row.id);
  return { result, change: toProgramChange(row) };
}

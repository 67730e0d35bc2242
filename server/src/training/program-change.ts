import type { ProgramChange, TierPolicy, TrainingEvent } from '@siso/training-core';
import { and, asc, count, desc, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { partners, programChanges, policyVersions } from '../db/schema.ts';
import { programStore } from './program.ts';
import { commitTraining, openTraining, transaction, type WriteContext } from './write.ts';
import type { SignCertificate } from './writer.ts';

export type ProgramChangeRow = typeof programChanges.$inferSelect;

export interface Lease {
  /** The node holding the change. */
  owner: string;
  /** How long a hold lasts from its last renewal (every batch renews it). */
  leaseMs: number;
}

const leaseUntil = (now: Date, leaseMs: number) => new Date(now.getTime() + leaseMs);

/** The change being applied, if one is. */
export async function runningProgramChange(db: Db | Tx): Promise<ProgramChangeRow | null> {
  const [row] = await db.select().from(programChanges).where(eq(programChanges.state, 'running')).limit(1);
  return row ?? null;
}

export interface NewChange extends Lease {
  /** The version it applies: the one stored, or for the catalog the one in force. */
  policyVersion: number;
  cause: ProgramChangeRow['cause'];
  now: Date;
}

/**
 * Inside the transaction that stores a program change (which holds the program lock, so such
 * writes run one at a time): records its change, held by `owner`, nothing done yet. The caller
 * has made sure no other change is running.
 */
export async function createProgramChange(tx: Tx, { policyVersion, cause, owner, leaseMs, now }: NewChange): Promise<ProgramChangeRow> {
  const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(partners);
  const [row] = await tx
    .insert(programChanges)
    .values({ policyVersion, cause, state: 'running', total, owner, leaseUntil: leaseUntil(now, leaseMs), startedAt: now })
    .returning();
  return row!;
}

/**
 * Inside a transaction holding the program lock (a catalog write, `POST /v1/evaluations`): the
 * change that re-evaluates every partner. A change already running is asked to go over every
 * partner once more when it reaches the end (catalog edits come in bursts: refusing each while
 * the one before runs would make an admin wait between every module); `started` is false then.
 * A change that finishes meanwhile no longer matches, and a new one starts.
 */
export async function startReevaluation(tx: Tx, change: NewChange): Promise<{ row: ProgramChangeRow; started: boolean }> {
  const running = await runningProgramChange(tx);
  if (running) {
    const [row] = await tx
      .update(programChanges)
      .set({ again: true })
      .where(and(eq(programChanges.id, running.id), eq(programChanges.state, 'running')))
      .returning();
    if (row) return { row, started: false };
  }
  return { row: await createProgramChange(tx, change), started: true };
}

export async function readProgramChange(db: Db, id: number): Promise<ProgramChangeRow | null> {
  const [row] = await db.select().from(programChanges).where(eq(programChanges.id, id)).limit(1);
  return row ?? null;
}

/** The wire form of a change. */
export function toProgramChange(row: ProgramChangeRow): ProgramChange {
  return {
    id: row.id,
    cause: row.cause,
    policyVersion: row.policyVersion,
    state: row.state,
    pass: row.pass,
    total: row.total,
    done: row.done,
    remaining: row.state === 'done' ? 0 : Math.max(0, row.total - row.done),
    movedUp: row.movedUp,
    movedDown: row.movedDown,
    changed: row.changed,
    events: row.events,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    href: `/v1/changes/${row.id}`,
  };
}

/**
 * Takes over the running change if nobody holds it: its node's lease ran out by `now` (the node
 * died, or lost the database). Two nodes asking at once: one gets it.
 */
export async function claimProgramChange(db: Db, { owner, leaseMs, now }: Lease & { now: Date }): Promise<ProgramChangeRow | null> {
  const [row] = await db
    .update(programChanges)
    .set({ owner, leaseUntil: leaseUntil(now, leaseMs) })
    .where(and(eq(programChanges.state, 'running'), or(isNull(programChanges.leaseUntil), lt(programChanges.leaseUntil, now))))
    .returning();
  return row ?? null;
}

/**
 * Tier ranks to tell a move up from a move down: the order of policy `policyVersion`; a tier it
 * dropped keeps its place in the version before.
 */
async function tierRanks(db: Db, policyVersion: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ policy: policyVersions.policy })
    .from(policyVersions)
    .where(lte(policyVersions.version, policyVersion))
    .orderBy(desc(policyVersions.version))
    .limit(2);
  const ranks = new Map<string, number>();
  for (const { policy } of rows.reverse()) for (const [i, tier] of (policy as TierPolicy).tiers.entries()) ranks.set(tier.id, i);
  return ranks;
}

/** `again`: the change reached its end and starts over from the first partner (`startReevaluation`). */
export type BatchOutcome = 'more' | 'done' | 'again' | 'lost';

export interface BatchOptions extends Lease {
  id: number;
  /** The partners of the batch, in id order. */
  ids: readonly string[];
  /** The cursor the batch follows: the last id of the batch before it ('' for the first). */
  after: string;
  /** Tier order (`tierRanks`), loaded once per run. */
  ranks: ReadonlyMap<string, number>;
  /** Settles with whether the batch before committed: this one moves the cursor only after it. */
  previous?: Promise<boolean>;
}

/** The change moved on without this batch: another node holds it, or the batch before failed. */
class LostChange extends Error {}

/**
 * One batch of change `id`, as one transaction: re-evaluates the partners `ids` through the
 * write path (their events, history and figures), then locks the change row, checks that
 * `owner` still holds it and that its cursor is `after` (the batches before have committed),
 * and moves the cursor and counts and renews the lease, all in that one transaction: a batch is
 * applied once, whichever node commits it, and batches commit in order. A node taking the change
 * over waits for the row, then goes on from the cursor it sees. Publishes the events once
 * committed. `lost`: rolled back, the change moved on without it.
 */
export async function runProgramChangeBatch(
  ctx: WriteContext,
  { id, owner, leaseMs, ids, after, ranks, previous = Promise.resolve(true) }: BatchOptions,
): Promise<'more' | 'lost'> {
  let stored: [string, TrainingEvent[]][];
  try {
    stored = await transaction(ctx.db, async (tx) => {
      const now = ctx.clock.now();
      const program = await programStore(ctx.db).inTransaction(tx);
      const publicUrl = ctx.publicUrl();
      const trainings = await openTraining(tx, ids, { program, now, publicUrl });
      let movedUp = 0;
      let movedDown = 0;
      let changed = 0;
      for (const training of trainings.values()) {
        const before = ranks.get(training.partner.tier) ?? -1;
        training.reevaluate();
        const tier = ranks.get(training.evaluation.tier) ?? -1;
        if (tier > before) movedUp += 1;
        if (tier < before) movedDown += 1;
        if (training.moved) changed += 1;
      }
      const sign: SignCertificate = (certificate, partner) =>
        ctx.certificates.credentialFor({ certificate, partner, catalog: program.catalog, publicUrl });
      const written = await commitTraining(tx, trainings.values(), now, sign);
      if (!(await previous)) throw new LostChange();
      const [job] = await tx.select().from(programChanges).where(eq(programChanges.id, id)).for('update');
      if (!job || job.state !== 'running' || job.owner !== owner || job.cursor !== after) throw new LostChange();
      await tx
        .update(programChanges)
        .set({
          cursor: ids.at(-1)!,
          done: job.done + trainings.size,
          movedUp: job.movedUp + movedUp,
          movedDown: job.movedDown + movedDown,
          changed: job.changed + changed,
          events: job.events + written.reduce((n, [, list]) => n + list.length, 0),
          leaseUntil: leaseUntil(now, leaseMs),
        })
        .where(eq(programChanges.id, id));
      return written;
    });
  } catch (error) {
    if (error instanceof LostChange) return 'lost';
    throw error;
  }
  for (const [partnerId, list] of stored) ctx.bus.publish(partnerId, list);
  return 'more';
}

/**
 * Once every batch has committed (its cursor is `after`), if `owner` still holds the change:
 * marks it done, or, when the catalog changed meanwhile, starts it over (its next `pass`: cursor
 * and `done` back to the start, `total` counted again). Each is one conditional statement, so a catalog write
 * racing with the end either makes it start over or, finding it done, starts a change of its own.
 */
async function finish(ctx: WriteContext, { id, owner, after }: { id: number; owner: string; after: string }): Promise<BatchOutcome> {
  const held = and(
    eq(programChanges.id, id),
    eq(programChanges.state, 'running'),
    eq(programChanges.owner, owner),
    eq(programChanges.cursor, after),
  );
  const [done] = await ctx.db
    .update(programChanges)
    .set({ state: 'done', finishedAt: ctx.clock.now(), owner: null, leaseUntil: null })
    .where(and(held, eq(programChanges.again, false)))
    .returning({ id: programChanges.id });
  if (done) return 'done';
  const [again] = await ctx.db
    .update(programChanges)
    .set({ again: false, pass: sql`${programChanges.pass} + 1`, cursor: '', done: 0, total: sql`(select count(*) from ${partners})` })
    .where(and(held, eq(programChanges.again, true)))
    .returning({ id: programChanges.id });
  return again ? 'again' : 'lost';
}

export interface RunOptions extends Lease {
  id: number;
  batchSize: number;
  /** Checked between batches: a node shutting down stops, and the lease hands the rest on. */
  stopped?: () => boolean;
}

/**
 * Batches in flight at once: while the database writes one and commits another, the next is
 * loaded and evaluated. At two, the node waited on a commit with nothing to do (over 100,000
 * partners here: 52 s at two, 41 s at three; the node's peak 426 against 465 MB).
 */
const IN_FLIGHT = 3;

/**
 * Runs change `id`, held by `owner`, from its cursor, batch after batch until no partner is
 * left (and, if the catalog changed meanwhile, once more from the first), another node holds
 * it, or `stopped()`. Answers the last outcome.
 *
 * @example
 * await runProgramChange(ctx, { id, owner, leaseMs: 30_000, batchSize: 2_000 });
 */
export async function runProgramChange(
  ctx: WriteContext,
  { id, batchSize, stopped = () => false, ...lease }: RunOptions,
): Promise<BatchOutcome> {
  const job = await readProgramChange(ctx.db, id);
  if (!job || job.state !== 'running' || job.owner !== lease.owner) return job?.state === 'done' ? 'done' : 'lost';
  const ranks = await tierRanks(ctx.db, job.policyVersion);
  // Settled results, so that a batch failing while an earlier one is awaited is never unhandled.
  const inFlight: Promise<{ outcome: 'more' | 'lost' } | { error: unknown }>[] = [];
  const drain = async () => {
    const results = await Promise.all(inFlight.splice(0));
    for (const r of results) if ('error' in r) throw r.error;
    return results.some((r) => 'outcome' in r && r.outcome === 'lost') ? 'lost' : 'more';
  };
  let after = job.cursor;
  let previous = Promise.resolve(true);
  for (;;) {
    const ids = (
      await ctx.db.select({ id: partners.id }).from(partners).where(gt(partners.id, after)).orderBy(asc(partners.id)).limit(batchSize)
    ).map((r) => r.id);
    if (ids.length === 0) {
      if ((await drain()) === 'lost') return 'lost';
      const outcome = await finish(ctx, { id, owner: lease.owner, after });
      if (outcome !== 'again') return outcome;
      after = '';
      previous = Promise.resolve(true);
      continue;
    }
    const batch = runProgramChangeBatch(ctx, { id, ids, after, ranks, previous, ...lease }).then(
      (outcome) => ({ outcome }),
      (error: unknown) => ({ error }),
    );
    previous = batch.then((r) => 'outcome' in r && r.outcome === 'more');
    inFlight.push(batch);
    after = ids.at(-1)!;
    if (stopped()) return drain();
    if (inFlight.length >= IN_FLIGHT) {
      // The oldest first: batches commit in order, and one that failed stops the run.
      const first = await inFlight.shift()!;
      if ('error' in first) {
        await drain().catch(() => {});
        throw first.error;
      }
      if (first.outcome === 'lost') return drain().then(() => 'lost' as const);
    }
  }
}

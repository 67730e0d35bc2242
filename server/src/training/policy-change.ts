import type { PolicyChange, TierPolicy, TrainingEvent } from '@siso/training-core';
import { and, asc, count, desc, eq, gt, isNull, lt, lte, or } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { partners, policyChanges, policyVersions } from '../db/schema.ts';
import { programStore } from './program.ts';
import { commitTraining, openTraining, transaction, type WriteContext } from './write.ts';
import type { SignCertificate } from './writer.ts';

export type PolicyChangeRow = typeof policyChanges.$inferSelect;

export interface Lease {
  /** The node holding the change. */
  owner: string;
  /** How long a hold lasts from its last renewal (every batch renews it). */
  leaseMs: number;
}

const leaseUntil = (now: Date, leaseMs: number) => new Date(now.getTime() + leaseMs);

/** The change being applied, if one is. */
export async function runningPolicyChange(db: Db | Tx): Promise<PolicyChangeRow | null> {
  const [row] = await db.select().from(policyChanges).where(eq(policyChanges.state, 'running')).limit(1);
  return row ?? null;
}

/**
 * Inside the transaction that stores policy `policyVersion` (which holds the program lock, so
 * such writes run one at a time): records its change, held by `owner`, nothing done yet. The
 * caller has made sure no other change is running.
 */
export async function createPolicyChange(
  tx: Tx,
  { policyVersion, owner, leaseMs, now }: Lease & { policyVersion: number; now: Date },
): Promise<PolicyChangeRow> {
  const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(partners);
  const [row] = await tx
    .insert(policyChanges)
    .values({ policyVersion, state: 'running', total, owner, leaseUntil: leaseUntil(now, leaseMs), startedAt: now })
    .returning();
  return row!;
}

export async function readPolicyChange(db: Db, id: number): Promise<PolicyChangeRow | null> {
  const [row] = await db.select().from(policyChanges).where(eq(policyChanges.id, id)).limit(1);
  return row ?? null;
}

/** The wire form of a change. */
export function toPolicyChange(row: PolicyChangeRow): PolicyChange {
  return {
    id: row.id,
    policyVersion: row.policyVersion,
    state: row.state,
    total: row.total,
    done: row.done,
    remaining: row.state === 'done' ? 0 : Math.max(0, row.total - row.done),
    movedUp: row.movedUp,
    movedDown: row.movedDown,
    changed: row.changed,
    events: row.events,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    href: `/v1/policy/changes/${row.id}`,
  };
}

/**
 * Takes over the running change if nobody holds it: its node's lease ran out by `now` (the node
 * died, or lost the database). Two nodes asking at once: one gets it.
 */
export async function claimPolicyChange(db: Db, { owner, leaseMs, now }: Lease & { now: Date }): Promise<PolicyChangeRow | null> {
  const [row] = await db
    .update(policyChanges)
    .set({ owner, leaseUntil: leaseUntil(now, leaseMs) })
    .where(and(eq(policyChanges.state, 'running'), or(isNull(policyChanges.leaseUntil), lt(policyChanges.leaseUntil, now))))
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

export type BatchOutcome = 'more' | 'done' | 'lost';

export interface BatchOptions extends Lease {
  id: number;
  batchSize: number;
  /** Tier order (`tierRanks`), loaded once per run. */
  ranks: ReadonlyMap<string, number>;
}

/**
 * One batch of change `id`, as one transaction: locks the change row (so a node taking it over
 * waits for the batch and then sees its cursor), checks `owner` still holds it, re-evaluates the
 * next `batchSize` partners after the cursor through the write path (their events, history and
 * figures), and moves the cursor and counts and renews the lease in the same transaction: a
 * batch is applied once, whichever node commits it. Publishes the events once committed.
 * `lost`: another node holds the change now; `done`: no partner was left.
 */
export async function runPolicyChangeBatch(
  ctx: WriteContext,
  { id, owner, leaseMs, batchSize, ranks }: BatchOptions,
): Promise<BatchOutcome> {
  const outcome = await transaction(ctx.db, async (tx) => {
    const [job] = await tx.select().from(policyChanges).where(eq(policyChanges.id, id)).for('update');
    if (!job || job.state !== 'running' || job.owner !== owner) return { outcome: 'lost' as const, stored: [] };
    const now = ctx.clock.now();
    const ids = (
      await tx.select({ id: partners.id }).from(partners).where(gt(partners.id, job.cursor)).orderBy(asc(partners.id)).limit(batchSize)
    ).map((r) => r.id);
    if (ids.length === 0) {
      await tx.update(policyChanges).set({ state: 'done', finishedAt: now, owner: null, leaseUntil: null }).where(eq(policyChanges.id, id));
      return { outcome: 'done' as const, stored: [] };
    }
    const program = await programStore(ctx.db).inTransaction(tx);
    const publicUrl = ctx.publicUrl();
    const trainings = await openTraining(tx, ids, { program, now, publicUrl });
    let movedUp = 0;
    let movedDown = 0;
    let changed = 0;
    for (const training of trainings.values()) {
      const before = ranks.get(training.partner.tier) ?? -1;
      training.reevaluate();
      const after = ranks.get(training.evaluation.tier) ?? -1;
      if (after > before) movedUp += 1;
      if (after < before) movedDown += 1;
      if (training.moved) changed += 1;
    }
    const sign: SignCertificate = (certificate, partner) =>
      ctx.certificates.credentialFor({ certificate, partner, catalog: program.catalog, publicUrl });
    const stored = await commitTraining(tx, trainings.values(), now, sign);
    const events = stored.reduce((n, [, list]) => n + list.length, 0);
    await tx
      .update(policyChanges)
      .set({
        cursor: ids.at(-1)!,
        done: job.done + ids.length,
        movedUp: job.movedUp + movedUp,
        movedDown: job.movedDown + movedDown,
        changed: job.changed + changed,
        events: job.events + events,
        leaseUntil: leaseUntil(now, leaseMs),
      })
      .where(eq(policyChanges.id, id));
    return { outcome: 'more' as const, stored };
  });
  publish(ctx, outcome.stored);
  return outcome.outcome;
}

function publish(ctx: WriteContext, stored: readonly [string, TrainingEvent[]][]): void {
  for (const [partnerId, list] of stored) ctx.bus.publish(partnerId, list);
}

export interface RunOptions extends Lease {
  id: number;
  batchSize: number;
  /** Checked between batches: a node shutting down stops, and the lease hands the rest on. */
  stopped?: () => boolean;
}

/**
 * Runs change `id`, held by `owner`, batch after batch until no partner is left, another node
 * holds it, or `stopped()`. Answers the last outcome.
 *
 * @example
 * await runPolicyChange(ctx, { id, owner, leaseMs: 30_000, batchSize: 2_000 });
 */
export async function runPolicyChange(ctx: WriteContext, { id, stopped = () => false, ...options }: RunOptions): Promise<BatchOutcome> {
  const job = await readPolicyChange(ctx.db, id);
  if (!job || job.state !== 'running') return 'done';
  const ranks = await tierRanks(ctx.db, job.policyVersion);
  for (;;) {
    const outcome = await runPolicyChangeBatch(ctx, { id, ranks, ...options });
    if (outcome !== 'more' || stopped()) return outcome;
  }
}

import type { TrainingEvent, TrainingEventData, TrainingEventType } from '@siso/training-core';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { events, partners } from '../db/schema.ts';

/** An event about to be appended: its type and data; the log gives it seq and time. */
export type NewEvent = { [T in TrainingEventType]: { type: T; data: TrainingEventData<T> } }[TrainingEventType];

/**
 * NOTIFY channel of the event log: this prefix plus the schema the tables live in, so servers
 * on different schemas of one database (test suites) never hear each other.
 */
export const EVENTS_CHANNEL_PREFIX = 'siso_events_';

/**
 * Appends events to a partner's log inside the caller's transaction. The seq comes from the
 * partner's counter row, bumped in the same transaction, so the partner's events commit in seq
 * order with no gaps (a row lock serialises concurrent writers for one partner only).
 *
 * The same statement queues `NOTIFY siso_events_<schema>, '<lastSeq> <partnerId>'`. PostgreSQL
 * delivers it only if and when the transaction commits, in commit order, so every node learns
 * of every commit even when the writing process dies right after committing.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   …write progress…
 *   const stored = await appendEvents(tx, 'northwind', [{ type: 'module.completed', data }]);
 * });
 * bus.publish('northwind', stored); // after commit: local subscribers get it without a round trip
 */
export async function appendEvents(tx: Tx, partnerId: string, batch: readonly NewEvent[], now = new Date()): Promise<TrainingEvent[]> {
  if (batch.length === 0) return [];
  const [counter] = await tx
    .update(partners)
    .set({ lastSeq: sql`${partners.lastSeq} + ${batch.length}` })
    .where(eq(partners.id, partnerId))
    .returning({
      lastSeq: partners.lastSeq,
      notified: sql`pg_notify(${EVENTS_CHANNEL_PREFIX} || current_schema(), ${partners.lastSeq}::text || ' ' || ${partners.id})`,
    });
  if (!counter) throw new Error(`appendEvents: no partner "${partnerId}"`);
  const first = counter.lastSeq - batch.length + 1;
  const rows = batch.map((e, i) => ({ partnerId, seq: first + i, type: e.type, payload: e.data, createdAt: now }));
  await tx.insert(events).values(rows);
  const at = now.toISOString();
  return rows.map((r) => ({ seq: r.seq, type: r.type, at, data: r.payload }) as TrainingEvent);
}

/** The partner's events after `afterSeq`, oldest first, at most `limit`. */
export async function readEventsAfter(db: Db, partnerId: string, afterSeq: number, limit = 1_000): Promise<TrainingEvent[]> {
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.partnerId, partnerId), gt(events.seq, afterSeq)))
    .orderBy(asc(events.seq))
    .limit(limit);
  return rows.map((r) => ({ seq: r.seq, type: r.type, at: r.createdAt.toISOString(), data: r.payload }) as TrainingEvent);
}

/** The seq of the partner's newest event (0 before the first); `null` for an unknown partner. */
export async function readLastSeq(db: Db, partnerId: string): Promise<number | null> {
  const [row] = await db.select({ lastSeq: partners.lastSeq }).from(partners).where(eq(partners.id, partnerId)).limit(1);
  return row ? row.lastSeq : null;
}

import { historyEntry, isHistoryEvent, type TrainingEvent } from '@siso/training-core';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { columnKeys, recordsetInsert, type ColumnKey, type RecordsetRow } from '../db/recordset.ts';
import { events, history, partners } from '../db/schema.ts';
import type { NewEvent } from './new-event.ts';

export type { NewEvent } from './new-event.ts';

const insertEvents = recordsetInsert(events, columnKeys(events));
const insertHistory = recordsetInsert(history, columnKeys(history));

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
 *   const stored = await appendEvents(tx, 'northwind', [{ type: 'module.completed', data }], now);
 * });
 * bus.publish('northwind', stored); // after commit: local subscribers get it without a round trip
 */
export async function appendEvents(tx: Tx, partnerId: string, batch: readonly NewEvent[], now: Date): Promise<TrainingEvent[]> {
  const [[, stored] = [partnerId, []]] = await appendEventsMany(tx, [[partnerId, batch]], now);
  return stored;
}

/**
 * `appendEvents` for many partners at once: one statement bumps every counter row (queuing the
 * per-partner NOTIFY) and one inserts every event, so a batch touching a hundred partners costs
 * two round trips instead of two hundred. The milestones among them (core's `isHistoryEvent`)
 * also become lines of the partners' history, in a third.
 */
export async function appendEventsMany(
  tx: Tx,
  batches: readonly [string, readonly NewEvent[]][],
  now: Date,
): Promise<[string, TrainingEvent[]][]> {
  const nonEmpty = batches.filter(([, list]) => list.length > 0);
  if (nonEmpty.length === 0) return batches.map(([id]) => [id, []]);
  const counts = JSON.stringify(nonEmpty.map(([id, list]) => ({ id, n: list.length })));
  // The drivers differ in what `execute` answers (node-postgres a result, PGlite its rows).
  const result: unknown = await tx.execute(sql`
    update ${partners} set ${sql.identifier(partners.lastSeq.name)} = ${partners.lastSeq} + v.n
    from jsonb_to_recordset(${counts}::jsonb) as v(id text, n bigint)
    where ${partners.id} = v.id
    returning ${partners.id} as id, ${partners.lastSeq} as last_seq,
      pg_notify(${EVENTS_CHANNEL_PREFIX} || current_schema(), ${partners.lastSeq}::text || ' ' || ${partners.id})`);
  const bumped = result as { rows?: { id: string; last_seq: string | number }[] } | { id: string; last_seq: string | number }[];
  const rows = Array.isArray(bumped) ? bumped : (bumped.rows ?? []);
  const last = new Map(rows.map((r) => [r.id, Number(r.last_seq)]));
  const insert: RecordsetRow<typeof events, ColumnKey<typeof events>>[] = [];
  const lines: RecordsetRow<typeof history, ColumnKey<typeof history>>[] = [];
  const stored = new Map<string, TrainingEvent[]>();
  const at = now.toISOString();
  for (const [partnerId, list] of nonEmpty) {
    const lastSeq = last.get(partnerId);
    if (lastSeq === undefined) throw new Error(`appendEventsMany: no partner "${partnerId}"`);
    const first = lastSeq - list.length + 1;
    stored.set(
      partnerId,
      list.map((e, i) => {
        const event = { seq: first + i, type: e.type, at, data: e.data } as TrainingEvent;
        insert.push({ partnerId, seq: event.seq, type: e.type, payload: e.data, createdAt: now });
        if (isHistoryEvent(e.type)) lines.push({ partnerId, seq: event.seq, type: e.type, params: historyEntry(event).params, at: now });
        return event;
      }),
    );
  }
  // One JSON parameter instead of five per row (see db/recordset.ts).
  await tx.execute(insertEvents(insert));
  if (lines.length > 0) await tx.execute(insertHistory(lines));
  return batches.map(([id]) => [id, stored.get(id) ?? []]);
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

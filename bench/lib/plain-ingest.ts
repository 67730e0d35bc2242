// The ingest benchmark's yardstick: module completions written by plain SQL, no HTTP and no
// evaluation, in the batches and transactions the server uses and to the same tables (the
// server's bulk statements, typed by the schema): a receipt per item (a retried item changes
// nothing), a progress row, one `module.completed` event with its seq from the partner's counter,
// and the NOTIFY that counter bump queues. What it leaves out is what the server adds per
// completion: the evaluation, the partner's figures and evaluation history, milestone history,
// recommendations. The statements are written out here rather than taken from the server's event
// log, so that the yardstick stays put when the code it measures changes.
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/src/db/database.ts';
import { insertRecordset } from '../../server/src/db/recordset.ts';
import { events, ingestReceipts, moduleProgress, partners } from '../../server/src/db/schema.ts';
import { EVENTS_CHANNEL_PREFIX } from '../../server/src/events/log.ts';

/** One `module.completed` item as the benchmark sends it to the server. */
export interface Completion {
  id: string;
  partnerId: string;
  moduleId: string;
  score: number;
  timeSpentSeconds: number;
  occurredAt: string;
}

/** Rows of a statement on PostgreSQL (`pg`), where the yardstick runs. */
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

const PROGRESS = ['status', 'percent', 'timeSpentSeconds', 'score', 'startedAt', 'completedAt', 'updatedAt'] as const;

/**
 * Writes a batch of completions in one transaction; returns how many were new.
 *
 * @example
 * const applied = await writeCompletions(database.db, batch, new Date());
 */
export async function writeCompletions(db: Db, batch: readonly Completion[], now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const receipts = batch.map((c) => ({
      partnerId: c.partnerId,
      source: 'events' as const,
      itemId: c.id,
      status: 'applied' as const,
      type: 'module.completed',
    }));
    const inserted = rowsOf<{ item_id: string }>(
      await tx.execute(
        sql`${insertRecordset(ingestReceipts, ['partnerId', 'source', 'itemId', 'status', 'type'], receipts)} on conflict do nothing returning ${ingestReceipts.itemId} as item_id`,
      ),
    );
    const firstTime = new Set(inserted.map((r) => r.item_id));
    const fresh = batch.filter((c) => firstTime.has(c.id));
    if (fresh.length === 0) return 0;
    // Dated as the server dates them: never after now.
    const progress = fresh.map((c) => {
      const at = new Date(Math.min(Date.parse(c.occurredAt), now.getTime()));
      return {
        partnerId: c.partnerId,
        moduleId: c.moduleId,
        status: 'completed' as const,
        percent: 100,
        timeSpentSeconds: c.timeSpentSeconds,
        score: c.score,
        startedAt: at,
        completedAt: at,
        updatedAt: now,
      };
    });
    await tx.execute(
      insertRecordset(moduleProgress, ['partnerId', 'moduleId', ...PROGRESS], progress, {
        onConflict: { target: ['partnerId', 'moduleId'], update: PROGRESS },
      }),
    );
    const byPartner = new Map<string, typeof progress>();
    for (const p of progress) byPartner.set(p.partnerId, [...(byPartner.get(p.partnerId) ?? []), p]);
    const counts = JSON.stringify([...byPartner].map(([id, list]) => ({ id, n: list.length })));
    const bumped = rowsOf<{ id: string; last_seq: string }>(
      await tx.execute(sql`
        update ${partners} set ${sql.identifier(partners.lastSeq.name)} = ${partners.lastSeq} + v.n
        from jsonb_to_recordset(${counts}::jsonb) as v(id text, n bigint)
        where ${partners.id} = v.id
        returning ${partners.id} as id, ${partners.lastSeq} as last_seq,
          pg_notify(${EVENTS_CHANNEL_PREFIX} || current_schema(), ${partners.lastSeq}::text || ' ' || ${partners.id})`),
    );
    const lastSeq = new Map(bumped.map((r) => [r.id, Number(r.last_seq)]));
    const appended = [...byPartner].flatMap(([partnerId, list]) =>
      list.map(({ moduleId, status, percent, timeSpentSeconds, score, startedAt, completedAt }, i) => ({
        partnerId,
        seq: lastSeq.get(partnerId)! - list.length + 1 + i,
        type: 'module.completed',
        payload: { moduleId, progress: { status, percent, timeSpentSeconds, score, startedAt, completedAt } },
        createdAt: now,
      })),
    );
    await tx.execute(insertRecordset(events, ['partnerId', 'seq', 'type', 'payload', 'createdAt'], appended));
    return fresh.length;
  });
}

// The ingest benchmark's yardstick: module completions written by plain SQL, no HTTP and no
// evaluation, in the batches and transactions the server uses and to the same tables (typed by
// the schema): a receipt per item (a retried item changes nothing), a progress row, one
// `module.completed` event with its seq from the partner's counter, and the NOTIFY that counter
// bump queues. What it leaves out is what the server adds per completion: the evaluation, the
// partner's figures and evaluation history, milestone history, recommendations.
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
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

/**
 * A bulk statement's column list and row source for `table`, from the schema: rows travel as one
 * JSON parameter (`$1`) keyed by column name, as the server's bulk statements do.
 */
function recordset<T extends PgTable>(table: T, keys: readonly (keyof T['$inferInsert'] & string)[]) {
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const picked = keys.map((key) => columns[key]!);
  const names = picked.map((c) => c.name).join(', ');
  return {
    columns: picked.map((c) => c.name),
    sql: `insert into ${getTableName(table)} (${names}) select ${names} from jsonb_to_recordset($1::jsonb) as x(${picked.map((c) => `${c.name} ${c.getSQLType()}`).join(', ')})`,
    rows: (rows: readonly Pick<T['$inferInsert'], (typeof keys)[number]>[]) =>
      JSON.stringify(rows.map((row) => Object.fromEntries(picked.map((c, i) => [c.name, row[keys[i]!]])))),
  };
}

const receipts = recordset(ingestReceipts, ['partnerId', 'source', 'itemId', 'status', 'type']);
const progress = recordset(moduleProgress, [
  'partnerId',
  'moduleId',
  'status',
  'percent',
  'timeSpentSeconds',
  'score',
  'startedAt',
  'completedAt',
  'updatedAt',
]);
const eventRows = recordset(events, ['partnerId', 'seq', 'type', 'payload', 'createdAt']);
const progressKey = [moduleProgress.partnerId.name, moduleProgress.moduleId.name];
const progressUpsert = `${progress.sql} on conflict (${progressKey.join(', ')}) do update set ${progress.columns
  .filter((c) => !progressKey.includes(c))
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')}`;
const P = getTableColumns(partners);
const bump = `update ${getTableName(partners)} as p set ${P.lastSeq.name} = p.${P.lastSeq.name} + v.n
  from jsonb_to_recordset($1::jsonb) as v(id text, n bigint) where p.${P.id.name} = v.id
  returning p.${P.id.name} as id, p.${P.lastSeq.name} as last_seq, pg_notify('${EVENTS_CHANNEL_PREFIX}' || current_schema(), p.${P.lastSeq.name}::text || ' ' || p.${P.id.name})`;

/**
 * Writes a batch of completions in one transaction on a connection of `pool` (whose search path
 * names the schema); returns how many were new.
 *
 * @example
 * const applied = await writeCompletions(pool, batch, new Date());
 */
export async function writeCompletions(pool: pg.Pool, batch: readonly Completion[], now: Date): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const inserted = await client.query<{ item_id: string }>(
      `${receipts.sql} on conflict do nothing returning ${ingestReceipts.itemId.name} as item_id`,
      [
        receipts.rows(
          batch.map((c) => ({ partnerId: c.partnerId, source: 'events', itemId: c.id, status: 'applied', type: 'module.completed' })),
        ),
      ],
    );
    const firstTime = new Set(inserted.rows.map((r) => r.item_id));
    const fresh = batch.filter((c) => firstTime.has(c.id));
    if (fresh.length > 0) {
      // Dated as the server dates them: never after now.
      const rows = fresh.map((c) => {
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
      await client.query(progressUpsert, [progress.rows(rows)]);
      const byPartner = new Map<string, typeof rows>();
      for (const r of rows) byPartner.set(r.partnerId, [...(byPartner.get(r.partnerId) ?? []), r]);
      const counts = [...byPartner].map(([id, list]) => ({ id, n: list.length }));
      const bumped = await client.query<{ id: string; last_seq: string }>(bump, [JSON.stringify(counts)]);
      const lastSeq = new Map(bumped.rows.map((r) => [r.id, Number(r.last_seq)]));
      const appended = [...byPartner].flatMap(([id, list]) =>
        list.map((r, i) => ({
          partnerId: id,
          seq: lastSeq.get(id)! - list.length + 1 + i,
          type: 'module.completed',
          payload: {
            moduleId: r.moduleId,
            progress: {
              status: r.status,
              percent: r.percent,
              timeSpentSeconds: r.timeSpentSeconds,
              score: r.score,
              startedAt: r.startedAt,
              completedAt: r.completedAt,
            },
          },
          createdAt: now,
        })),
      );
      await client.query(eventRows.sql, [eventRows.rows(appended)]);
    }
    await client.query('commit');
    return fresh.length;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

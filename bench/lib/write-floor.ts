// The floor of a policy change's writes: what the change wrote — every partner's row, its
// evaluation history lines, its events — written again by plain SQL from the text a client sends
// (one JSON parameter per table and batch, as the server's own statements take them), in
// transactions of the change's batch size, three in flight as the change has, into copies of the
// tables with the same indexes and column compression. No evaluation, no reads, no round trips
// beyond one statement per table: what any writer of these bytes pays the database (parsing the
// JSON into jsonb, compressing it, the indexes, the log).
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/src/db/database.ts';
import { cpuSince } from './cpu-time.ts';

const TABLES = ['partners', 'evaluation_history', 'events'] as const;
const IN_FLIGHT = 3;
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

export interface WrittenByChange {
  /** Partners per transaction, as the change ran. */
  batchSize: number;
  /** The version the change stored: its evaluation history lines. */
  policyVersion: number;
  /** When the change started: its events. */
  since: Date;
}

export interface Floor {
  seconds: number;
  /** CPU seconds of the database's processes meanwhile. */
  databaseCpu: number;
  /** Bytes of JSON sent. */
  bytes: number;
}

/**
 * @example
 * const floor = await measureWriteFloor(db, { batchSize: 500, policyVersion: 8, since });
 */
export async function measureWriteFloor(db: Db, { batchSize, policyVersion, since }: WrittenByChange): Promise<Floor> {
  for (const table of TABLES) {
    await db.execute(sql.raw(`drop table if exists floor_${table}`));
    await db.execute(sql.raw(`create table floor_${table} (like ${table} including all)`));
  }
  await db.execute(sql`insert into floor_partners select * from partners`);
  try {
    // Read before the clock starts: the floor writes, it does not read.
    const batches: Record<(typeof TABLES)[number], string>[] = [];
    let after = '';
    for (;;) {
      const ids = rowsOf<{ id: string }>(
        await db.execute(sql`select id from partners where id > ${after} order by id limit ${batchSize}`),
      ).map((r) => r.id);
      if (ids.length === 0) break;
      after = ids.at(-1)!;
      const [first, last] = [ids[0]!, after];
      const text = async (query: ReturnType<typeof sql>) =>
        rowsOf<{ t: string | null }>(await db.execute(sql`select coalesce(json_agg(r), '[]')::text as t from (${query}) r`))[0]!.t ?? '[]';
      batches.push({
        partners: await text(sql`select * from partners where id between ${first} and ${last}`),
        evaluation_history: await text(
          sql`select * from evaluation_history where partner_id between ${first} and ${last} and policy_version = ${policyVersion}`,
        ),
        events: await text(sql`select * from events where partner_id between ${first} and ${last} and created_at >= ${since}`),
      });
    }
    const bytes = batches.reduce((n, b) => n + b.partners.length + b.evaluation_history.length + b.events.length, 0);

    const databaseCpu = cpuSince('postgres');
    const started = performance.now();
    const write = (batch: (typeof batches)[number]) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`update floor_partners f set
            tier = x.tier, rate = x.rate, at_risk = x.at_risk, policy_version = x.policy_version,
            evaluated_at = x.evaluated_at, recommendations_hash = x.recommendations_hash, next_check_at = x.next_check_at,
            revision = x.revision, last_seq = x.last_seq, updated_at = x.updated_at
          from jsonb_populate_recordset(null::floor_partners, ${batch.partners}::jsonb) x where f.id = x.id`);
        await tx.execute(
          sql`insert into floor_evaluation_history select * from jsonb_populate_recordset(null::floor_evaluation_history, ${batch.evaluation_history}::jsonb)`,
        );
        await tx.execute(sql`insert into floor_events select * from jsonb_populate_recordset(null::floor_events, ${batch.events}::jsonb)`);
      });
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < batches.length) await write(batches[next++]!);
      }),
    );
    return { seconds: (performance.now() - started) / 1000, databaseCpu: databaseCpu(), bytes };
  } finally {
    for (const table of TABLES) await db.execute(sql.raw(`drop table if exists floor_${table}`));
  }
}

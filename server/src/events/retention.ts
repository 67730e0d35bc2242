import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { Clock } from '../time/clock.ts';

export interface RetentionPolicy {
  /** Events older than this are removed… */
  maxAgeDays: number;
  /** …and so is everything but a partner's newest `maxEvents`, whichever limit bites first. */
  maxEvents: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 30, maxEvents: 1_000 };

/**
 * Deletes what the retention policy no longer keeps; returns how many events went. A client
 * resuming from before the oldest kept event gets a snapshot instead of a replay.
 *
 * @example
 * await pruneEvents(db, { maxAgeDays: 30, maxEvents: 1_000 }, clock.now());
 */
export async function pruneEvents(db: Db, { maxAgeDays, maxEvents }: RetentionPolicy, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - maxAgeDays * 86_400_000);
  const result = await db.execute(sql`
    delete from events e using partners p
    where e.partner_id = p.id and (e.created_at < ${cutoff.toISOString()}::timestamptz or e.seq <= p.last_seq - ${maxEvents})`);
  // node-postgres reports rowCount, PGlite affectedRows.
  const counts = result as { rowCount?: number | null; affectedRows?: number };
  return counts.rowCount ?? counts.affectedRows ?? 0;
}

export interface RetentionJobOptions {
  db: Db;
  logger: Logger;
  /** Event ages are measured by it. */
  clock: Clock;
  policy?: RetentionPolicy;
  /** How often to prune; every node may run it, the deletes do not conflict. */
  intervalMs?: number;
}

/**
 * Prunes the log now and then every `intervalMs`; returns the function that stops it.
 *
 * @example
 * const stop = startRetention({ db, logger, clock });
 */
export function startRetention({ db, logger, clock, policy = DEFAULT_RETENTION, intervalMs = 3_600_000 }: RetentionJobOptions): () => void {
  const run = () => {
    pruneEvents(db, policy, clock.now()).then(
      (removed) => {
        if (removed > 0) logger.info({ removed }, 'pruned the event log');
      },
      (error: unknown) => logger.warn({ err: error }, 'pruning the event log failed'),
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

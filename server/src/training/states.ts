import type { Certificate, ModuleProgressEntry, ModuleStatus, PartnerTrainingState } from '@siso/training-core';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { certificates, moduleProgress, partners } from '../db/schema.ts';

export interface TrainingStatesOptions {
  /** Start after this partner id. */
  after?: string;
  /** Partners per query. */
  pageSize?: number;
  /** Page queries in flight at once (default 2: the database works on the next while this process evaluates). */
  concurrency?: number;
}

// One partner as the page query answers it: progress and certificates as text, entries split
// by ";", fields by "," (ids cannot hold either; see IdSchema).
interface PartnerRow {
  id: string;
  name: string;
  tier: string;
  performance_score: number;
  trailing_revenue: number | null;
  currency: string | null;
  progress: string | null;
  certificates: string | null;
}

// As `Date#toISOString` writes it (what core's timestamps are), and cheaper for the database than an epoch number.
const iso = (column: unknown) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const orEmpty = (text: SQL) => sql`coalesce(${text}, '')`;

/**
 * Every partner's training state as the tier engine evaluates it, in ascending id order, a page
 * per query: a row per partner, its progress and its certificates (in the order issued) each
 * one text the database joins (instants as ISO strings). At 100,000 partners, a row object and
 * two Dates per progress row (drizzle) and then building JSON in the database were most of a
 * preview's time; joined text costs the database a third of the JSON and this process a split.
 * Pages are id ranges cut from one index-only query first, so `concurrency` of them are read at
 * once. Progress entries leave out `startedAt` (null), which no evaluation reads.
 * Takes no locks: given a `readSnapshot` transaction, every page reads the same instant; given the
 * database, a partner written meanwhile is read as its page finds it.
 *
 * @example
 * for await (const page of trainingStates(db, { pageSize: 2_000 })) for (const state of page) preview.add(state);
 */
export async function* trainingStates(
  db: Db | Tx,
  { after = '', pageSize = 2_000, concurrency = 2 }: TrainingStatesOptions = {},
): AsyncGenerator<PartnerTrainingState[]> {
  const bounds = await pageBounds(db, after, pageSize);
  // Page i is (bounds[i - 1], bounds[i]]; the last has no upper bound.
  const ranges = [after, ...bounds].map((lo, i) => ({ lo, hi: bounds[i] ?? null }));
  const reading: Promise<PartnerTrainingState[]>[] = [];
  let next = 0;
  const fill = () => {
    while (reading.length < concurrency && next < ranges.length) {
      const { lo, hi } = ranges[next++]!;
      reading.push(readPage(db, lo, hi));
    }
  };
  try {
    fill();
    while (reading.length > 0) {
      const page = await reading.shift()!;
      fill();
      if (page.length > 0) yield page;
    }
  } finally {
    // A caller that stops early leaves pages read ahead unread: their failures are no one's.
    for (const p of reading) p.catch(() => undefined);
  }
}

/**
 * Runs `read` in one read-only repeatable-read transaction: every query in it sees the database as
 * it was at its first, whatever commits meanwhile. Nothing waits on it in PostgreSQL; the embedded
 * database, with its one connection, holds other queries until it ends.
 *
 * @example
 * const preview = await readSnapshot(db, async (tx) => { for await (const page of trainingStates(tx)) add(page); });
 */
export const readSnapshot = <T>(db: Db, read: (tx: Tx) => Promise<T>): Promise<T> =>
  db.transaction(read, { isolationLevel: 'repeatable read', accessMode: 'read only' });

/** The id ending each full page after `after`, from the primary key alone. */
async function pageBounds(db: Db | Tx, after: string, pageSize: number): Promise<string[]> {
  const result: unknown = await db.execute(sql`
    select id from (
      select ${partners.id} as id, row_number() over (order by ${partners.id}) as n from ${partners} where ${partners.id} > ${after}
    ) as numbered where n % ${pageSize} = 0 order by id`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

// The drivers differ in what `execute` answers (node-postgres a result, PGlite its rows).
function rowsOf<T>(result: unknown): T[] {
  const answer = result as { rows?: T[] } | T[];
  return Array.isArray(answer) ? answer : (answer.rows ?? []);
}

async function readPage(db: Db | Tx, after: string, upTo: string | null): Promise<PartnerTrainingState[]> {
  const m = moduleProgress;
  const c = certificates;
  // The same id range on the leading column of every table's key: an index range scan each.
  const range = (column: SQLWrapper) => (upTo === null ? sql`${column} > ${after}` : sql`${column} > ${after} and ${column} <= ${upTo}`);
  const result: unknown = await db.execute(sql`
    select ${partners.id} as id, ${partners.name} as name, ${partners.tier} as tier, ${partners.performanceScore} as performance_score,
      ${partners.trailingRevenue} as trailing_revenue, ${partners.currency} as currency, g.progress, k.certificates
    from ${partners}
    left join (
      select ${m.partnerId} as partner_id, string_agg(${m.moduleId} || ',' || ${m.status} || ',' || ${m.percent} || ',' || ${m.timeSpentSeconds}
        || ',' || ${orEmpty(sql`${m.score}::text`)} || ',' || ${orEmpty(iso(m.completedAt))}, ';') as progress
      from ${m} where ${range(m.partnerId)} group by ${m.partnerId}
    ) as g on g.partner_id = ${partners.id}
    left join (
      select ${c.partnerId} as partner_id, string_agg(${c.certificationId} || ',' || ${iso(c.issuedAt)} || ',' || ${iso(c.expiresAt)}
        || ',' || ${orEmpty(iso(c.revokedAt))}, ';' order by ${c.issuedAt}, ${c.id}) as certificates
      from ${c} where ${range(c.partnerId)} group by ${c.partnerId}
    ) as k on k.partner_id = ${partners.id}
    where ${range(partners.id)}
    order by ${partners.id}`);
  return rowsOf<PartnerRow>(result).map((r) => ({
    partner: {
      id: r.id,
      name: r.name,
      tier: r.tier,
      performanceScore: r.performance_score,
      ...(r.trailing_revenue === null ? {} : { trailingRevenue: r.trailing_revenue }),
      ...(r.currency === null ? {} : { currency: r.currency }),
    },
    progress: r.progress === null ? [] : r.progress.split(';').map(toProgress),
    certificates: r.certificates === null ? [] : r.certificates.split(';').map(toCertificate),
  }));
}

function toProgress(entry: string): ModuleProgressEntry {
  const [moduleId = '', status, percent, seconds, score = '', completedAt = ''] = entry.split(',');
  return {
    moduleId,
    status: status as ModuleStatus,
    percent: Number(percent),
    timeSpentSeconds: Number(seconds),
    score: score === '' ? null : Number(score),
    startedAt: null,
    completedAt: completedAt === '' ? null : completedAt,
  };
}

function toCertificate(entry: string): Certificate {
  const [certificationId = '', issuedAt = '', expiresAt = '', revokedAt = ''] = entry.split(',');
  return { certificationId, issuedAt, expiresAt, revokedAt: revokedAt === '' ? null : revokedAt };
}

import type { Certificate, ModuleProgressEntry, ModuleStatus, PartnerTrainingState } from '@siso/training-core';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { certificates, moduleProgress, partners } from '../db/schema.ts';

export interface TrainingStatesOptions {
  /** Start after this partner id. */
  after?: string;
  /** Partners per query. */
  pageSize?: number;
  /** Page queries in flight at once (default 2: the database works on the next while this process evaluates). */
  concurrency?: number;
}

// One partner as the page query writes it.
type ProgressRow = [
  moduleId: string,
  status: ModuleStatus,
  percent: number,
  seconds: number,
  score: number | null,
  completedAt: string | null,
];
type CertificateRow = [certificationId: string, issuedAt: string, expiresAt: string, revokedAt: string | null];
type PartnerRow = [
  id: string,
  name: string,
  tier: string,
  performanceScore: number,
  trailingRevenue: number | null,
  currency: string | null,
  progress: ProgressRow[],
  certificates: CertificateRow[],
];

// As `Date#toISOString` writes it (what core's timestamps are), and cheaper for the database than an epoch number.
const iso = (column: unknown) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Every partner's training state as the tier engine evaluates it, in ascending id order, a page
 * per query. The database builds each page as one JSON text (partners, their progress and their
 * certificates in the order issued, instants as ISO strings), which costs this process one parse
 * instead of a row object and two Dates per progress row; at 100,000 partners those were most of
 * a preview's time. Pages are id ranges cut from one index-only query first, so `concurrency` of
 * them are read at once. Progress entries leave out `startedAt` (null), which no evaluation reads.
 * Reads without locks or a transaction, for work that writes nothing (a preview): a partner
 * written meanwhile is read as its page finds it.
 *
 * @example
 * for await (const page of trainingStates(db, { pageSize: 2_000 })) for (const state of page) preview.add(state);
 */
export async function* trainingStates(
  db: Db,
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

/** The id ending each full page after `after`, from the primary key alone. */
async function pageBounds(db: Db, after: string, pageSize: number): Promise<string[]> {
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

async function readPage(db: Db, after: string, upTo: string | null): Promise<PartnerTrainingState[]> {
  const m = moduleProgress;
  const c = certificates;
  // Progress and certificates by a range of the leading column of their keys, bounded by the
  // page's last id: an index range scan each, whatever the page size.
  const result: unknown = await db.execute(sql`
    with p as (
      select ${partners.id} as id, ${partners.name} as name, ${partners.tier} as tier, ${partners.performanceScore} as score,
        ${partners.trailingRevenue} as revenue, ${partners.currency} as currency
      from ${partners} where ${partners.id} > ${after} ${upTo === null ? sql`` : sql`and ${partners.id} <= ${upTo}`})
    select coalesce(json_agg(json_build_array(p.id, p.name, p.tier, p.score, p.revenue, p.currency,
      coalesce(g.progress, '[]'), coalesce(k.certificates, '[]')) order by p.id), '[]')::text as page
    from p
    left join (
      select ${m.partnerId} as partner_id,
        json_agg(json_build_array(${m.moduleId}, ${m.status}, ${m.percent}, ${m.timeSpentSeconds}, ${m.score}, ${iso(m.completedAt)})) as progress
      from ${m} where ${m.partnerId} > ${after} and ${m.partnerId} <= (select max(id) from p) group by ${m.partnerId}
    ) as g on g.partner_id = p.id
    left join (
      select ${c.partnerId} as partner_id,
        json_agg(json_build_array(${c.certificationId}, ${iso(c.issuedAt)}, ${iso(c.expiresAt)}, ${iso(c.revokedAt)})
          order by ${c.issuedAt}, ${c.id}) as certificates
      from ${c} where ${c.partnerId} > ${after} and ${c.partnerId} <= (select max(id) from p) group by ${c.partnerId}
    ) as k on k.partner_id = p.id`);
  const text = rowsOf<{ page: string }>(result)[0]?.page ?? '[]';
  return (JSON.parse(text) as PartnerRow[]).map(([id, name, tier, performanceScore, trailingRevenue, currency, progress, issued]) => ({
    partner: {
      id,
      name,
      tier,
      performanceScore,
      ...(trailingRevenue === null ? {} : { trailingRevenue }),
      ...(currency === null ? {} : { currency }),
    },
    progress: progress.map(([moduleId, status, percent, timeSpentSeconds, score, completedAt]): ModuleProgressEntry => ({
      moduleId,
      status,
      percent,
      timeSpentSeconds,
      score,
      startedAt: null,
      completedAt,
    })),
    certificates: issued.map(([certificationId, issuedAt, expiresAt, revokedAt]): Certificate => ({
      certificationId,
      issuedAt,
      expiresAt,
      revokedAt,
    })),
  }));
}

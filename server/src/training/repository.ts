import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { certificates, history, moduleProgress, partners } from '../db/schema.ts';
import { toProgress } from './rows.ts';
import type { StoredTraining } from './stored.ts';

export interface LoadTrainingOptions {
  /**
   * Lock the partners' rows `for update` until the transaction ends, taken in id order so that
   * concurrent writers never deadlock. Only inside a transaction.
   */
  forUpdate?: boolean;
}

/**
 * The one loader of partners' training: their records, progress and certificates (in the order
 * issued), three queries however many partners. Unknown ids are left out of the result. The
 * queries run one after the other, since `db` may be a transaction (one connection, one query
 * at a time).
 *
 * @example
 * const loaded = await loadTraining(tx, ['northwind', 'contoso'], { forUpdate: true });
 */
export async function loadTraining(
  db: Db | Tx,
  partnerIds: readonly string[],
  { forUpdate = false }: LoadTrainingOptions = {},
): Promise<Map<string, StoredTraining>> {
  const loaded = new Map<string, StoredTraining>();
  const ids = [...new Set(partnerIds)].sort();
  if (ids.length === 0) return loaded;
  const select = db.select().from(partners).where(inArray(partners.id, ids)).orderBy(asc(partners.id));
  const rows = forUpdate ? await select.for('update') : await select;
  if (rows.length === 0) return loaded;
  const found = rows.map((r) => r.id);
  const progressRows = await db.select().from(moduleProgress).where(inArray(moduleProgress.partnerId, found));
  // By id among those issued at the same instant, so every reader sees one order.
  const certificateRows = await db
    .select()
    .from(certificates)
    .where(inArray(certificates.partnerId, found))
    .orderBy(asc(certificates.issuedAt), asc(certificates.id));
  for (const partner of rows) loaded.set(partner.id, { partner, progress: new Map(), certificates: [], history: [] });
  for (const p of progressRows) loaded.get(p.partnerId)?.progress.set(p.moduleId, toProgress(p));
  for (const c of certificateRows) loaded.get(c.partnerId)?.certificates.push(c);
  return loaded;
}

export interface LoadPartnerTrainingOptions extends LoadTrainingOptions {
  /** How many of the newest history lines to load too (default none). */
  history?: number;
}

/**
 * One partner's training (`loadTraining`), with the newest lines of its history if asked;
 * null for an unknown partner.
 *
 * @example
 * const stored = await loadPartnerTraining(db, 'northwind', { history: HISTORY_LENGTH });
 */
export async function loadPartnerTraining(
  db: Db | Tx,
  partnerId: string,
  options: LoadPartnerTrainingOptions = {},
): Promise<StoredTraining | null> {
  const stored = (await loadTraining(db, [partnerId], options)).get(partnerId);
  if (!stored) return null;
  if (options.history) {
    stored.history = await db
      .select()
      .from(history)
      .where(eq(history.partnerId, partnerId))
      .orderBy(desc(history.seq))
      .limit(options.history);
  }
  return stored;
}

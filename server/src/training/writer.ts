import type { TrainingEvent } from '@siso/training-core';
import type { Tx } from '../db/database.ts';
import { columnKeys, recordsetInsert, recordsetUpdate, type ColumnKey, type RecordsetRow } from '../db/recordset.ts';
import { certificates, evaluationHistory, moduleProgress, partners } from '../db/schema.ts';
import { allocateStatusIndexes } from '../certificates/status-list.ts';
import { appendEventsMany } from '../events/log.ts';
import type { EvaluationWrite, PartnerWrite, ProgressWrite, WritePlan } from './partner-training.ts';
import type { StoredCertificate } from './stored.ts';

/** Signs the credential of a newly issued certificate. */
export type SignCertificate = (certificate: StoredCertificate, partner: { id: string; name: string }) => Promise<string>;

type Keys<T> = readonly (keyof T)[];

// Every column of progress and evaluation history is written, so a column added to the schema
// must be planned. Every field of the plan's partner is written: the record names each once.
const PROGRESS_KEY = ['partnerId', 'moduleId'] as const satisfies Keys<ProgressWrite>;
const PROGRESS_COLUMNS = columnKeys(moduleProgress);
const PARTNER_UPDATED = Object.keys({
  name: true,
  performanceScore: true,
  trailingRevenue: true,
  currency: true,
  tier: true,
  rate: true,
  atRisk: true,
  policyVersion: true,
  evaluatedAt: true,
  recommendationsHash: true,
  nextCheckAt: true,
  revision: true,
  updatedAt: true,
} satisfies Record<Exclude<keyof PartnerWrite, 'id'>, true>) as Exclude<keyof PartnerWrite, 'id'>[];

const upsertProgress = recordsetInsert(moduleProgress, PROGRESS_COLUMNS, {
  onConflict: { target: PROGRESS_KEY, update: PROGRESS_COLUMNS.filter((k) => !(PROGRESS_KEY as readonly string[]).includes(k)) },
});
/** What a change may alter in an issued certificate. */
const updateCertificates = recordsetUpdate(certificates, {
  match: ['partnerId', 'id'],
  set: ['revokedAt', 'revokedReason', 'expiringNotifiedAt'],
});
const updatePartners = recordsetUpdate(partners, { match: ['id'], set: PARTNER_UPDATED });
const insertHistory = recordsetInsert(evaluationHistory, columnKeys(evaluationHistory));

// The plan's shapes must be the tables' rows: a column renamed or retyped fails here.
const progressRows = (rows: ProgressWrite[]): RecordsetRow<typeof moduleProgress, ColumnKey<typeof moduleProgress>>[] => rows;
const historyRows = (rows: EvaluationWrite[]): RecordsetRow<typeof evaluationHistory, ColumnKey<typeof evaluationHistory>>[] => rows;

/**
 * Writes the plans of many partners' aggregates inside the caller's transaction with one
 * statement per table (progress, new certificates, changed certificates, partners, history),
 * then appends each partner's events. New certificates get their places in the revocation status
 * lists and are signed first, so a certificate never exists without its credential. Returns the stored events by partner, to publish once
 * the transaction has committed.
 *
 * @example
 * const stored = await writePlans(tx, [training.plan()].filter((p) => p !== null), now, sign);
 */
export async function writePlans(
  tx: Tx,
  plans: readonly WritePlan[],
  now: Date,
  sign: SignCertificate,
): Promise<[string, TrainingEvent[]][]> {
  if (plans.length === 0) return [];
  const progress = plans.flatMap((p) => p.progress);
  if (progress.length > 0) {
    await tx.execute(upsertProgress(progressRows(progress)));
  }
  const issued = plans.flatMap((p) => p.newCertificates.map((c) => ({ c, partner: { id: p.partner.id, name: p.partner.name } })));
  const places = await allocateStatusIndexes(tx, issued.length);
  const fresh = await Promise.all(
    issued.map(async ({ c, partner }, i) => {
      const placed = { ...c, statusIndex: places[i]! };
      return { ...placed, credential: await sign(placed, partner) };
    }),
  );
  if (fresh.length > 0) await tx.insert(certificates).values(fresh);
  const changed = plans.flatMap((p) => p.updatedCertificates);
  if (changed.length > 0) {
    await tx.execute(
      updateCertificates(
        changed.map(({ partnerId, id, revokedAt, revokedReason, expiringNotifiedAt }) => ({
          partnerId,
          id,
          revokedAt,
          revokedReason,
          expiringNotifiedAt,
        })),
      ),
    );
  }
  await tx.execute(updatePartners(plans.map((p) => p.partner)));
  const history = plans.flatMap((p) => (p.history ? [p.history] : []));
  if (history.length > 0) await tx.execute(insertHistory(historyRows(history)));
  return appendEventsMany(
    tx,
    plans.map((p) => [p.partnerId, p.events]),
    now,
  );
}

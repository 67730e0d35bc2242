import type { TrainingEvent } from '@siso/training-core';
import type { Tx } from '../db/database.ts';
import { columnKeys, insertRecordset, updateRecordset, type ColumnKey, type RecordsetRow } from '../db/recordset.ts';
import { certificates, evaluationHistory, moduleProgress, partners } from '../db/schema.ts';
import { appendEventsMany } from '../events/log.ts';
import type { EvaluationWrite, PartnerWrite, ProgressWrite, WritePlan } from './partner-training.ts';
import type { StoredCertificate } from './stored.ts';

/** Signs the credential of a newly issued certificate. */
export type SignCertificate = (certificate: StoredCertificate, partner: { id: string; name: string }) => Promise<string>;

type Keys<T> = readonly (keyof T)[];

// Every column of these tables is written, so a column added to the schema must be planned.
const PROGRESS_COLUMNS = columnKeys(moduleProgress);
const PROGRESS_KEY = ['partnerId', 'moduleId'] as const satisfies Keys<ProgressWrite>;
const PROGRESS_UPDATED = PROGRESS_COLUMNS.filter((k) => !(PROGRESS_KEY as readonly string[]).includes(k));
const HISTORY_COLUMNS = columnKeys(evaluationHistory);

// Every field of the plan's partner is written: the record names each once.
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

const CERTIFICATE_KEY = ['partnerId', 'id'] as const satisfies ColumnKey<typeof certificates>[];
/** What a change may alter in an issued certificate. */
const CERTIFICATE_UPDATED = ['revokedAt', 'revokedReason', 'expiringNotifiedAt'] as const satisfies ColumnKey<typeof certificates>[];

// The plan's shapes must be the tables' rows: a column renamed or retyped fails here.
const progressRows = (rows: ProgressWrite[]): RecordsetRow<typeof moduleProgress, ColumnKey<typeof moduleProgress>>[] => rows;
const historyRows = (rows: EvaluationWrite[]): RecordsetRow<typeof evaluationHistory, ColumnKey<typeof evaluationHistory>>[] => rows;
const partnerRows = (rows: PartnerWrite[]): RecordsetRow<typeof partners, keyof PartnerWrite>[] => rows;

/**
 * Writes the plans of many partners' aggregates inside the caller's transaction with one
 * statement per table (progress, new certificates, changed certificates, partners, history),
 * then appends each partner's events. New certificates are signed first, so a certificate
 * never exists without its credential. Returns the stored events by partner, to publish once
 * the transaction has committed.
 *
 * @example
 * const stored = await writePlans(tx, [training.plan()].filter((p) => p !== null), now, sign);
 */
export async function writePlans(tx: Tx, plans: readonly WritePlan[], now: Date, sign: SignCertificate): Promise<[string, TrainingEvent[]][]> {
  if (plans.length === 0) return [];
  const progress = plans.flatMap((p) => p.progress);
  if (progress.length > 0) {
    await tx.execute(
      insertRecordset(moduleProgress, PROGRESS_COLUMNS, progressRows(progress), { onConflict: { target: PROGRESS_KEY, update: PROGRESS_UPDATED } }),
    );
  }
  const fresh = await Promise.all(
    plans.flatMap((p) => p.newCertificates.map(async (c) => ({ ...c, credential: await sign(c, { id: p.partner.id, name: p.partner.name }) }))),
  );
  if (fresh.length > 0) await tx.insert(certificates).values(fresh);
  const changed = plans.flatMap((p) => p.updatedCertificates);
  if (changed.length > 0) {
    await tx.execute(
      updateRecordset(
        certificates,
        { match: CERTIFICATE_KEY, set: CERTIFICATE_UPDATED },
        changed.map(({ partnerId, id, revokedAt, revokedReason, expiringNotifiedAt }) => ({ partnerId, id, revokedAt, revokedReason, expiringNotifiedAt })),
      ),
    );
  }
  await tx.execute(updateRecordset(partners, { match: ['id'], set: PARTNER_UPDATED }, partnerRows(plans.map((p) => p.partner))));
  const history = plans.flatMap((p) => (p.history ? [p.history] : []));
  if (history.length > 0) await tx.execute(insertRecordset(evaluationHistory, HISTORY_COLUMNS, historyRows(history)));
  return appendEventsMany(
    tx,
    plans.map((p) => [p.partnerId, p.events]),
    now,
  );
}

import {
  evaluate,
  isHistoryEvent,
  lockedModules,
  NOT_STARTED,
  recommend,
  summarize,
  type Catalog,
  type HistoryEntry,
  type PartnerTrainingState,
  type ReasonParam,
  type TierPolicy,
  TRAINING_EVENT_TYPES,
  type TrainingSnapshot,
} from '@siso/training-core';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { certificates, events, moduleProgress, partners } from '../db/schema.ts';
import { programStore } from './program.ts';
import { countsAsEarned, toPartner, toProgress, toSnapshotCertificate, toStateCertificate } from './rows.ts';

type EventRow = typeof events.$inferSelect;

const HISTORY_LENGTH = 20;
const HISTORY_TYPES = TRAINING_EVENT_TYPES.filter(isHistoryEvent);

export interface LoadSnapshotOptions {
  /** Public base URL, for certificate verification links. */
  publicUrl: string;
  now?: Date;
  /** The tier policy and catalog to evaluate against; default: those in force (cached). */
  policy?: TierPolicy;
  catalog?: Catalog;
}

/**
 * Everything a widget shows for one partner, read in one go; `null` when the partner is unknown.
 *
 * @example
 * const snapshot = await loadSnapshot(db, 'northwind', { publicUrl: 'https://training.example.com' });
 */
export async function loadSnapshot(db: Db, partnerId: string, options: LoadSnapshotOptions): Promise<TrainingSnapshot | null> {
  const now = options.now ?? new Date();
  const program = options.policy && options.catalog ? undefined : await programStore(db).current();
  const policy = options.policy ?? program!.policy;
  const catalog = options.catalog ?? program!.catalog;
  // One query after the other: `db` may be a transaction, whose single connection takes one at a time.
  const [partnerRow] = await db.select().from(partners).where(eq(partners.id, partnerId)).limit(1);
  if (!partnerRow) return null;
  const progressRows = await db.select().from(moduleProgress).where(eq(moduleProgress.partnerId, partnerId));
  const certificateRows = await db.select().from(certificates).where(eq(certificates.partnerId, partnerId)).orderBy(asc(certificates.issuedAt));
  const eventRows = await db
    .select()
    .from(events)
    .where(and(eq(events.partnerId, partnerId), inArray(events.type, HISTORY_TYPES)))
    .orderBy(desc(events.seq))
    .limit(HISTORY_LENGTH);

  const partner = toPartner(partnerRow);
  const progress = new Map(progressRows.map((r) => [r.moduleId, toProgress(r)]));
  const state: PartnerTrainingState = {
    partner,
    progress: [...progress].map(([moduleId, p]) => ({ moduleId, ...p })),
    certificates: certificateRows.map(toStateCertificate),
  };
  const snapshotCertificates = certificateRows.map((r) => toSnapshotCertificate(r, catalog, now, options.publicUrl));
  const earned = snapshotCertificates.filter((c) => countsAsEarned(c.status)).length;

  return {
    partner,
    summary: summarize({ modules: catalog.modules, progress, certificatesEarned: earned }),
    modules: catalog.modules.map((m) => ({ ...m, progress: progress.get(m.id) ?? NOT_STARTED })),
    certifications: catalog.certifications,
    certificates: snapshotCertificates,
    evaluation: evaluate({ policy, catalog, state, now }),
    recommendations: recommend({ policy, catalog, state, now }),
    locked: lockedModules({ policy, catalog, state, now }),
    history: eventRows.map(toHistoryEntry),
    cursor: partnerRow.lastSeq,
  };
}

function toHistoryEntry(row: EventRow): HistoryEntry {
  const data = (row.payload ?? {}) as Record<string, unknown>;
  const params: Record<string, ReasonParam> = {};
  for (const key of ['moduleId', 'from', 'to'] as const) {
    const v = data[key];
    if (typeof v === 'string' || typeof v === 'number') params[key] = v;
  }
  const cert = data.certificate as { certificationId?: unknown } | undefined;
  if (typeof cert?.certificationId === 'string') params.certificationId = cert.certificationId;
  return { seq: row.seq, type: row.type, at: row.createdAt.toISOString(), params };
}

import {
  advise,
  certificatesHeld,
  evaluate,
  HISTORY_LENGTH,
  lockedModules,
  NOT_STARTED,
  summarize,
  type Catalog,
  type PartnerTrainingState,
  type ReasonParam,
  type TierPolicy,
  type TrainingSnapshot,
} from '@siso/training-core';
import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { certificates, history, moduleProgress, partners } from '../db/schema.ts';
import { programStore } from './program.ts';
import { toPartner, toProgress, toSnapshotCertificates, toStateCertificate } from './rows.ts';

export interface LoadSnapshotOptions {
  /** Public base URL, for certificate verification links. */
  publicUrl: string;
  /** The instant the snapshot describes (certificate statuses, grace, warnings). */
  now: Date;
  /** The tier policy and catalog to evaluate against; default: those in force (cached). */
  policy?: TierPolicy;
  catalog?: Catalog;
}

/**
 * Everything a widget shows for one partner, read in one go; `null` when the partner is unknown.
 *
 * @example
 * const snapshot = await loadSnapshot(db, 'northwind', { publicUrl: 'https://training.example.com', now: clock.now() });
 */
export async function loadSnapshot(db: Db, partnerId: string, options: LoadSnapshotOptions): Promise<TrainingSnapshot | null> {
  const { now } = options;
  const program = options.policy && options.catalog ? undefined : await programStore(db).current();
  const policy = options.policy ?? program!.policy;
  const catalog = options.catalog ?? program!.catalog;
  // One query after the other: `db` may be a transaction, whose single connection takes one at a time.
  const [partnerRow] = await db.select().from(partners).where(eq(partners.id, partnerId)).limit(1);
  if (!partnerRow) return null;
  const progressRows = await db.select().from(moduleProgress).where(eq(moduleProgress.partnerId, partnerId));
  const certificateRows = await db.select().from(certificates).where(eq(certificates.partnerId, partnerId)).orderBy(asc(certificates.issuedAt));
  const historyRows = await db.select().from(history).where(eq(history.partnerId, partnerId)).orderBy(desc(history.seq)).limit(HISTORY_LENGTH);

  const partner = toPartner(partnerRow);
  const progress = new Map(progressRows.map((r) => [r.moduleId, toProgress(r)]));
  const state: PartnerTrainingState = {
    partner,
    progress: [...progress].map(([moduleId, p]) => ({ moduleId, ...p })),
    certificates: certificateRows.map(toStateCertificate),
  };
  const advice = advise({ policy, catalog, state, now });
  return {
    partner,
    summary: summarize({ modules: catalog.modules, progress, certificatesEarned: certificatesHeld(state.certificates, now) }),
    modules: catalog.modules.map((m) => ({ ...m, progress: progress.get(m.id) ?? NOT_STARTED })),
    certifications: catalog.certifications,
    certificates: toSnapshotCertificates(certificateRows, { catalog, policy, now, publicUrl: options.publicUrl }),
    evaluation: evaluate({ policy, catalog, state, now }),
    recommendations: advice.recommendations,
    nextStep: advice.nextStep,
    score: advice.score,
    locked: lockedModules({ policy, catalog, state, now }),
    history: historyRows.map((h) => ({ seq: h.seq, type: h.type, at: h.at.toISOString(), params: h.params as Record<string, ReasonParam> })),
    cursor: partnerRow.lastSeq,
  };
}

import {
  advise,
  certificatesHeld,
  evaluate,
  HISTORY_LENGTH,
  lockedModules,
  NOT_STARTED,
  summarize,
  type Catalog,
  type ReasonParam,
  type TierPolicy,
  type TrainingSnapshot,
} from '@siso/training-core';
import type { Db } from '../db/database.ts';
import { programStore } from './program.ts';
import { loadPartnerTraining } from './repository.ts';
import { toSnapshotCertificates, toTrainingState } from './stored.ts';

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
  const stored = await loadPartnerTraining(db, partnerId, { history: HISTORY_LENGTH });
  if (!stored) return null;
  const { progress } = stored;
  const state = toTrainingState(stored);
  const { partner } = state;
  const advice = advise({ policy, catalog, state, now });
  return {
    partner,
    summary: summarize({ modules: catalog.modules, progress, certificatesEarned: certificatesHeld(state.certificates, now) }),
    modules: catalog.modules.map((m) => ({ ...m, progress: progress.get(m.id) ?? NOT_STARTED })),
    certifications: catalog.certifications,
    certificates: toSnapshotCertificates(stored.certificates, { catalog, policy, now, publicUrl: options.publicUrl }),
    evaluation: evaluate({ policy, catalog, state, now }),
    recommendations: advice.recommendations,
    nextStep: advice.nextStep,
    score: advice.score,
    locked: lockedModules({ policy, catalog, state, now }),
    history: stored.history.map((h) => ({
      seq: h.seq,
      type: h.type,
      at: h.at.toISOString(),
      params: h.params as Record<string, ReasonParam>,
    })),
    cursor: stored.partner.lastSeq,
  };
}

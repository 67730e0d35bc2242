// The names a partner's training went by before it was split into the aggregate
// (`partner-training.ts`), the repository (`repository.ts`) and the writer (`writer.ts`); kept
// while callers move to those.
import type { TrainingEvent } from '@siso/training-core';
import type { Tx } from '../db/database.ts';
import type { PartnerTraining, PartnerTrainingOptions } from './partner-training.ts';
import { commitTraining, openTraining } from './write.ts';
import type { SignCertificate } from './writer.ts';

export type { Change, PartnerFields } from './partner-training.ts';
export type { SignCertificate } from './writer.ts';

/** @deprecated The aggregate is `PartnerTraining`. */
export type PartnerSession = PartnerTraining;

/** @deprecated Use `openTraining` (write.ts). */
export const PartnerSession = {
  open: (tx: Tx, partnerIds: readonly string[], options: PartnerTrainingOptions): Promise<Map<string, PartnerTraining>> => openTraining(tx, partnerIds, options),
};

/** @deprecated Use `commitTraining` (write.ts). */
export function commitSessions(tx: Tx, sessions: Iterable<PartnerTraining>, now: Date, sign: SignCertificate): Promise<[string, TrainingEvent[]][]> {
  return commitTraining(tx, sessions, now, sign);
}

import type { PartnerTrainingState } from '@siso/training-core';
import type { Db } from '../db/database.ts';
import { loadPartnerTraining } from './repository.ts';
import { toTrainingState } from './stored.ts';

/**
 * What the tier engine reads about one partner, for read-only uses (what-if); null if unknown.
 * A shorthand for `toTrainingState(await loadPartnerTraining(db, partnerId))`.
 */
export async function loadTrainingState(db: Db, partnerId: string): Promise<PartnerTrainingState | null> {
  const stored = await loadPartnerTraining(db, partnerId);
  return stored && toTrainingState(stored);
}

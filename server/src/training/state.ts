import type { PartnerTrainingState } from '@siso/training-core';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { certificates, moduleProgress, partners } from '../db/schema.ts';
import { toPartner, toProgress, toStateCertificate } from './rows.ts';

/** What the tier engine reads about one partner, for read-only uses (what-if); null if unknown. */
export async function loadTrainingState(db: Db, partnerId: string): Promise<PartnerTrainingState | null> {
  const [[row], progressRows, certificateRows] = await Promise.all([
    db.select().from(partners).where(eq(partners.id, partnerId)).limit(1),
    db.select().from(moduleProgress).where(eq(moduleProgress.partnerId, partnerId)),
    db.select().from(certificates).where(eq(certificates.partnerId, partnerId)).orderBy(asc(certificates.issuedAt)),
  ]);
  if (!row) return null;
  return {
    partner: toPartner(row),
    progress: progressRows.map((r) => ({ moduleId: r.moduleId, ...toProgress(r) })),
    certificates: certificateRows.map(toStateCertificate),
  };
}

import {
  NOT_STARTED,
  summarize,
  type Module,
  type ModuleProgress,
  type Partner,
  type TrainingSnapshot,
} from '@siso/training-core';
import { and, asc, count, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { certificates, moduleProgress, modules, partners } from '../db/schema.ts';

type PartnerRow = typeof partners.$inferSelect;
type ProgressRow = typeof moduleProgress.$inferSelect;

/**
 * Everything a widget shows for one partner, read in one go; `null` when the partner is unknown.
 */
export async function loadSnapshot(db: Db, partnerId: string, now = new Date()): Promise<TrainingSnapshot | null> {
  const [partnerRows, moduleRows, progressRows, certificateRows] = await Promise.all([
    db.select().from(partners).where(eq(partners.id, partnerId)).limit(1),
    db.select({ definition: modules.definition }).from(modules).orderBy(asc(modules.position), asc(modules.id)),
    db.select().from(moduleProgress).where(eq(moduleProgress.partnerId, partnerId)),
    db
      .select({ n: count() })
      .from(certificates)
      .where(and(eq(certificates.partnerId, partnerId), isNull(certificates.revokedAt), gt(certificates.expiresAt, now))),
  ]);
  const partnerRow = partnerRows[0];
  if (!partnerRow) return null;

  // Definitions were validated by the core schema when they were written.
  const catalog = moduleRows.map((r) => r.definition as Module);
  const progress = new Map(progressRows.map((r) => [r.moduleId, toProgress(r)]));
  return {
    partner: toPartner(partnerRow),
    summary: summarize({ modules: catalog, progress, certificatesEarned: certificateRows[0]?.n ?? 0 }),
    modules: catalog.map((m) => ({ ...m, progress: progress.get(m.id) ?? NOT_STARTED })),
    cursor: partnerRow.lastSeq,
  };
}

function toPartner(row: PartnerRow): Partner {
  return {
    id: row.id,
    name: row.name,
    tier: row.tier,
    performanceScore: row.performanceScore,
    ...(row.trailingRevenue === null ? {} : { trailingRevenue: row.trailingRevenue }),
    ...(row.currency === null ? {} : { currency: row.currency }),
  };
}

function toProgress(row: ProgressRow): ModuleProgress {
  return {
    status: row.status,
    percent: row.percent,
    timeSpentSeconds: row.timeSpentSeconds,
    score: row.score,
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

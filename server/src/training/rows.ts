// Database rows, and their conversion to the plain shapes the rest of training works on.
// Timestamps leave the database as Dates and go on the wire as ISO strings.
import type { ModuleProgress } from '@siso/training-core';
import type { certificates, history, moduleProgress, partners } from '../db/schema.ts';

export type PartnerRow = typeof partners.$inferSelect;
export type ProgressRow = typeof moduleProgress.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;
export type HistoryRow = typeof history.$inferSelect;

export function toProgress(row: ProgressRow): ModuleProgress {
  return {
    status: row.status,
    percent: row.percent,
    timeSpentSeconds: row.timeSpentSeconds,
    score: row.score,
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

// Where these lived before they moved to stored.ts (routes import them from here).
export { toPartner, toSnapshotCertificates, toStateCertificate, type SnapshotCertificateOptions } from './stored.ts';

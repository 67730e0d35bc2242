// Database rows to core shapes. Timestamps leave the database as Dates and go on the wire as
// ISO strings; nullable columns become absent optional fields where core says so.
import type { Catalog, Certificate, ModuleProgress, Partner, SnapshotCertificate } from '@siso/training-core';
import type { certificates, moduleProgress, partners } from '../db/schema.ts';

export type PartnerRow = typeof partners.$inferSelect;
export type ProgressRow = typeof moduleProgress.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;

/** Certificates ending within this window are `expiring`. */
export const EXPIRING_WINDOW_MS = 30 * 86_400_000;

export function toPartner(row: Pick<PartnerRow, 'id' | 'name' | 'tier' | 'performanceScore' | 'trailingRevenue' | 'currency'>): Partner {
  return {
    id: row.id,
    name: row.name,
    tier: row.tier,
    performanceScore: row.performanceScore,
    ...(row.trailingRevenue === null ? {} : { trailingRevenue: row.trailingRevenue }),
    ...(row.currency === null ? {} : { currency: row.currency }),
  };
}

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

export function toStateCertificate(row: CertificateRow): Certificate {
  return {
    certificationId: row.certificationId,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export function certificateStatus(row: Pick<CertificateRow, 'revokedAt' | 'expiresAt'>, now: Date): SnapshotCertificate['status'] {
  const left = row.expiresAt.getTime() - now.getTime();
  return row.revokedAt ? 'revoked' : left <= 0 ? 'expired' : left <= EXPIRING_WINDOW_MS ? 'expiring' : 'active';
}

export function toSnapshotCertificate(row: CertificateRow, catalog: Catalog, now: Date, publicUrl: string): SnapshotCertificate {
  const certification = catalog.certifications.find((c) => c.id === row.certificationId);
  return {
    id: row.id,
    ...toStateCertificate(row),
    name: certification?.name ?? row.certificationId,
    level: certification?.level ?? 'foundation',
    status: certificateStatus(row, now),
    verifyUrl: `${publicUrl}/certificates/${encodeURIComponent(row.id)}`,
  };
}

/** A certificate counts as earned while it is active or expiring. */
export function countsAsEarned(status: SnapshotCertificate['status']): boolean {
  return status === 'active' || status === 'expiring';
}

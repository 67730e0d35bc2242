// Database rows to core shapes. Timestamps leave the database as Dates and go on the wire as
// ISO strings; nullable columns become absent optional fields where core says so.
import { certificateStatuses, warningDays, type Catalog, type Certificate, type ModuleProgress, type Partner, type SnapshotCertificate, type TierPolicy } from '@siso/training-core';
import type { certificates, moduleProgress, partners } from '../db/schema.ts';

export type PartnerRow = typeof partners.$inferSelect;
export type ProgressRow = typeof moduleProgress.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;

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

export interface SnapshotCertificateOptions {
  catalog: Catalog;
  policy: TierPolicy;
  now: Date;
  /** Public base URL, for verification links. */
  publicUrl: string;
}

/**
 * A partner's certificates as the partner sees them, in the order given. Pass all of them: a
 * certificate's status depends on the others (core's `certificateStatuses`: one outlived by a
 * renewal is not `expiring`).
 */
export function toSnapshotCertificates(rows: readonly CertificateRow[], { catalog, policy, now, publicUrl }: SnapshotCertificateOptions): SnapshotCertificate[] {
  const statuses = certificateStatuses({ certificates: rows.map(toStateCertificate), now, warningDays: warningDays(policy) });
  return rows.map((row, i) => {
    const certification = catalog.certifications.find((c) => c.id === row.certificationId);
    return {
      id: row.id,
      ...toStateCertificate(row),
      name: certification?.name ?? row.certificationId,
      level: certification?.level ?? 'foundation',
      status: statuses[i] ?? 'active',
      verifyUrl: `${publicUrl}/certificates/${encodeURIComponent(row.id)}`,
    };
  });
}

// A partner's training as the server keeps it, in plain data, and its core shapes. Nothing here
// knows the database: the repository fills these shapes from rows (whose types must fit them),
// the aggregate works on them, the writer stores what it plans.
import {
  certificateStatuses,
  warningDays,
  type Catalog,
  type Certificate,
  type ModuleProgress,
  type Partner,
  type PartnerTrainingState,
  type SnapshotCertificate,
  type TierPolicy,
} from '@siso/training-core';

/** The partner's record: the portal's figures, and those of the latest evaluation (null before the first). */
export interface StoredPartner {
  id: string;
  name: string;
  tier: string;
  performanceScore: number;
  trailingRevenue: number | null;
  currency: string | null;
  rate: number | null;
  atRisk: boolean;
  policyVersion: number | null;
  evaluatedAt: Date | null;
  /** Fingerprint of the last recommendations sent. */
  recommendationsHash: string | null;
  /** When time alone changes something next. */
  nextCheckAt: Date | null;
  /** Bumped by every write to the partner's training. */
  revision: number;
  /** The seq of the partner's newest event. */
  lastSeq: number;
}

export interface StoredCertificate {
  partnerId: string;
  id: string;
  certificationId: string;
  issuedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  /** When `certificate.expiring` was sent for it. */
  expiringNotifiedAt: Date | null;
  /** The signed credential; null until the writer signs a new certificate. */
  credential: string | null;
  /** Its place in the revocation status lists; null until the writer allocates one. */
  statusIndex: number | null;
}

/** One line of the partner's history (core's `historyEntry(event).params`). */
export interface StoredHistoryLine {
  seq: number;
  type: string;
  params: unknown;
  at: Date;
}

/** Everything stored about one partner's training. */
export interface StoredTraining {
  partner: StoredPartner;
  /** Progress by module id; modules never started are absent. */
  progress: Map<string, ModuleProgress>;
  /** In the order they were issued. */
  certificates: StoredCertificate[];
  /** Newest first; empty unless the loader was asked for it. */
  history: StoredHistoryLine[];
}

export function toPartner(row: Pick<StoredPartner, 'id' | 'name' | 'tier' | 'performanceScore' | 'trailingRevenue' | 'currency'>): Partner {
  return {
    id: row.id,
    name: row.name,
    tier: row.tier,
    performanceScore: row.performanceScore,
    ...(row.trailingRevenue === null ? {} : { trailingRevenue: row.trailingRevenue }),
    ...(row.currency === null ? {} : { currency: row.currency }),
  };
}

export function toStateCertificate(row: Pick<StoredCertificate, 'certificationId' | 'issuedAt' | 'expiresAt' | 'revokedAt'>): Certificate {
  return {
    certificationId: row.certificationId,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** What the tier engine reads about the partner. */
export function toTrainingState({
  partner,
  progress,
  certificates,
}: Pick<StoredTraining, 'partner' | 'progress' | 'certificates'>): PartnerTrainingState {
  return {
    partner: toPartner(partner),
    progress: [...progress].map(([moduleId, p]) => ({ moduleId, ...p })),
    certificates: certificates.map(toStateCertificate),
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
export function toSnapshotCertificates(
  rows: readonly Pick<StoredCertificate, 'id' | 'certificationId' | 'issuedAt' | 'expiresAt' | 'revokedAt'>[],
  { catalog, policy, now, publicUrl }: SnapshotCertificateOptions,
): SnapshotCertificate[] {
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

import {
  DEFAULT_POLICY,
  evaluate,
  lockedModules,
  NOT_STARTED,
  recommend,
  summarize,
  type Catalog,
  type Certificate,
  type Certification,
  type HistoryEntry,
  type Module,
  type ModuleProgress,
  type Partner,
  type PartnerTrainingState,
  type ReasonParam,
  type SnapshotCertificate,
  type TierPolicy,
  type TrainingSnapshot,
} from '@siso/training-core';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { certificates, certifications, events, moduleProgress, modules, partners } from '../db/schema.ts';

type PartnerRow = typeof partners.$inferSelect;
type ProgressRow = typeof moduleProgress.$inferSelect;
type CertificateRow = typeof certificates.$inferSelect;
type EventRow = typeof events.$inferSelect;

const HISTORY_LENGTH = 20;
const EXPIRING_WINDOW_MS = 30 * 86_400_000;

export interface LoadSnapshotOptions {
  /** Public base URL, for certificate verification links. */
  publicUrl: string;
  now?: Date;
  /** The tier policy in force; the default program until policies are stored. */
  policy?: TierPolicy;
}

/**
 * Everything a widget shows for one partner, read in one go; `null` when the partner is unknown.
 */
export async function loadSnapshot(db: Db, partnerId: string, options: LoadSnapshotOptions): Promise<TrainingSnapshot | null> {
  const now = options.now ?? new Date();
  const policy = options.policy ?? DEFAULT_POLICY;
  const [partnerRows, moduleRows, certificationRows, progressRows, certificateRows, eventRows] = await Promise.all([
    db.select().from(partners).where(eq(partners.id, partnerId)).limit(1),
    db.select({ definition: modules.definition }).from(modules).orderBy(asc(modules.position), asc(modules.id)),
    db.select({ definition: certifications.definition }).from(certifications).orderBy(asc(certifications.id)),
    db.select().from(moduleProgress).where(eq(moduleProgress.partnerId, partnerId)),
    db.select().from(certificates).where(eq(certificates.partnerId, partnerId)).orderBy(asc(certificates.issuedAt)),
    db.select().from(events).where(and(eq(events.partnerId, partnerId))).orderBy(desc(events.seq)).limit(HISTORY_LENGTH),
  ]);
  const partnerRow = partnerRows[0];
  if (!partnerRow) return null;

  // Definitions were validated by the core schemas when they were written.
  const catalog: Catalog = {
    modules: moduleRows.map((r) => r.definition as Module),
    certifications: certificationRows.map((r) => r.definition as Certification),
  };
  const partner = toPartner(partnerRow);
  const progress = new Map(progressRows.map((r) => [r.moduleId, toProgress(r)]));
  const state: PartnerTrainingState = {
    partner,
    progress: [...progress].map(([moduleId, p]) => ({ moduleId, ...p })),
    certificates: certificateRows.map(toStateCertificate),
  };
  const snapshotCertificates = certificateRows.map((r) => toSnapshotCertificate(r, catalog, now, options.publicUrl));
  const activeCount = snapshotCertificates.filter((c) => c.status === 'active' || c.status === 'expiring').length;

  return {
    partner,
    summary: summarize({ modules: catalog.modules, progress, certificatesEarned: activeCount }),
    modules: catalog.modules.map((m) => ({ ...m, progress: progress.get(m.id) ?? NOT_STARTED })),
    certifications: catalog.certifications,
    certificates: snapshotCertificates,
    evaluation: evaluate({ policy, catalog, state, now }),
    recommendations: recommend({ policy, catalog, state, now }),
    locked: lockedModules({ policy, catalog, state, now }),
    history: eventRows.map(toHistoryEntry),
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

function toStateCertificate(row: CertificateRow): Certificate {
  return {
    certificationId: row.certificationId,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

function toSnapshotCertificate(row: CertificateRow, catalog: Catalog, now: Date, publicUrl: string): SnapshotCertificate {
  const certification = catalog.certifications.find((c) => c.id === row.certificationId);
  const left = row.expiresAt.getTime() - now.getTime();
  const status = row.revokedAt ? 'revoked' : left <= 0 ? 'expired' : left <= EXPIRING_WINDOW_MS ? 'expiring' : 'active';
  return {
    id: row.id,
    ...toStateCertificate(row),
    name: certification?.name ?? row.certificationId,
    level: certification?.level ?? 'foundation',
    status,
    verifyUrl: `${publicUrl}/v1/certificates/${encodeURIComponent(row.id)}/verify`,
  };
}

function toHistoryEntry(row: EventRow): HistoryEntry {
  const data = (row.payload ?? {}) as Record<string, unknown>;
  const params: Record<string, ReasonParam> = {};
  for (const key of ['moduleId', 'from', 'to'] as const) {
    const v = data[key];
    if (typeof v === 'string' || typeof v === 'number') params[key] = v;
  }
  const cert = data.certificate as { certificationId?: unknown } | undefined;
  if (typeof cert?.certificationId === 'string') params.certificationId = cert.certificationId;
  return { seq: row.seq, type: row.type, at: row.createdAt.toISOString(), params };
}

import * as z from './zod.ts';
import { CertificationSchema, ModuleSchema } from './catalog.ts';
import {
  EvaluationSchema,
  LockedModuleSchema,
  NextStepSchema,
  PartnerScoreSchema,
  ReasonParamsSchema,
  RecommendationSchema,
} from './evaluation.ts';
import { IdSchema, TimestampSchema } from './ids.ts';
import { PartnerSchema } from './partner.ts';
import { ModuleProgressSchema } from './progress.ts';

export const TrainingSummarySchema = z.object({
  modulesCompleted: z.int().check(z.gte(0)),
  modulesTotal: z.int().check(z.gte(0)),
  /** Share of modules completed, 0..100. */
  percent: z.number().check(z.gte(0), z.lte(100)),
  timeSpentSeconds: z.int().check(z.gte(0)),
  /** Certifications the partner holds an active certificate of (`certificatesHeld`). */
  certificatesEarned: z.int().check(z.gte(0)),
});
export type TrainingSummary = z.infer<typeof TrainingSummarySchema>;

export const ModuleWithProgressSchema = z.object({
  ...ModuleSchema.shape,
  progress: ModuleProgressSchema,
});
export type ModuleWithProgress = z.infer<typeof ModuleWithProgressSchema>;

/**
 * `certificateStatuses` decides: `revoked`; `pending` (issued in the future); `expired`;
 * `expiring` (active, and the partner's hold on its certification ends within the policy's
 * warning window); `active`.
 */
export const CertificateStatusSchema = z.enum(['active', 'expiring', 'expired', 'revoked', 'pending']);
export type CertificateStatus = z.infer<typeof CertificateStatusSchema>;

/** A certificate as a partner sees it: with its certification's name and where to verify it. */
export const SnapshotCertificateSchema = z.object({
  id: z.string().check(z.minLength(1)),
  certificationId: IdSchema,
  name: z.string(),
  level: CertificationSchema.shape.level,
  issuedAt: TimestampSchema,
  expiresAt: TimestampSchema,
  revokedAt: z.nullable(TimestampSchema),
  status: CertificateStatusSchema,
  /** Public verification link; anyone can open it without an account. Only http(s): widgets link it. */
  verifyUrl: z.url({ protocol: /^https?$/ }),
});
export type SnapshotCertificate = z.infer<typeof SnapshotCertificateSchema>;

/** One line of the partner's training history: an event of their log, compactly. */
export const HistoryEntrySchema = z.object({
  seq: z.int().check(z.gte(1)),
  type: z.string(),
  at: TimestampSchema,
  /** What the line is about, e.g. `{ moduleId }`, `{ from, to }` for a tier change. */
  params: ReasonParamsSchema,
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/**
 * `GET /v1/me/training`: everything both widgets need in one round trip. `cursor` is the seq of
 * the partner's last event, so a live subscription can resume exactly after it.
 */
export const TrainingSnapshotSchema = z.object({
  partner: PartnerSchema,
  summary: TrainingSummarySchema,
  modules: z.array(ModuleWithProgressSchema),
  certifications: z.array(CertificationSchema),
  certificates: z.array(SnapshotCertificateSchema),
  evaluation: EvaluationSchema,
  recommendations: z.array(RecommendationSchema),
  /** The first of the recommendations, as a whole step with its gain (`advise`). */
  nextStep: z.nullable(NextStepSchema),
  score: PartnerScoreSchema,
  locked: z.array(LockedModuleSchema),
  /** The partner's latest milestones, newest first (`HISTORY_LENGTH` at most, `historyEntry`). */
  history: z.array(HistoryEntrySchema),
  cursor: z.int().check(z.gte(0)),
});
export type TrainingSnapshot = z.infer<typeof TrainingSnapshotSchema>;

import * as z from './zod.ts';
import { EvaluationSchema, LockedModuleSchema, NextStepSchema, PartnerScoreSchema, RecommendationSchema } from './evaluation.ts';
import { IdSchema, TimestampSchema } from './ids.ts';
import { ModuleProgressSchema } from './progress.ts';
import { SnapshotCertificateSchema, TrainingSnapshotSchema, TrainingSummarySchema } from './snapshot.ts';

// Live events carry the state they change ("event-carried state transfer"), so a client applies
// them to its snapshot without a second request. Names follow DESIGN's "Live updates".

/** What a module's progress changed; also what `POST /v1/me/modules/{id}/complete` answers. */
export const ModuleChangeSchema = z.object({
  moduleId: IdSchema,
  progress: ModuleProgressSchema,
  summary: TrainingSummarySchema,
  evaluation: EvaluationSchema,
});

const CertificateChange = z.object({
  certificate: SnapshotCertificateSchema,
  summary: TrainingSummarySchema,
  evaluation: EvaluationSchema,
});

/** The `data` of each event type. */
export const EventDataSchemas = {
  'progress.updated': ModuleChangeSchema,
  'module.completed': ModuleChangeSchema,
  'certificate.issued': CertificateChange,
  /** The certificate entered the policy's warning window. */
  'certificate.expiring': CertificateChange,
  'certificate.expired': CertificateChange,
  'certificate.revoked': CertificateChange,
  'tier.changed': z.object({ from: IdSchema, to: IdSchema, evaluation: EvaluationSchema }),
  /** A certificate the tier relies on ended: the tier is held `until`, then drops to `fallbackTier`. */
  'grace.started': z.object({ tier: IdSchema, fallbackTier: IdSchema, until: TimestampSchema, evaluation: EvaluationSchema }),
  /** `kept`: the tier is met again (a renewal); `dropped`: the grace period ran out. */
  'grace.ended': z.object({ tier: IdSchema, outcome: z.enum(['kept', 'dropped']), evaluation: EvaluationSchema }),
  /** Rates in percentage points. */
  'commission.changed': z.object({ from: z.number(), to: z.number(), evaluation: EvaluationSchema }),
  'recommendations.updated': z.object({
    recommendations: z.array(RecommendationSchema),
    nextStep: z.nullable(NextStepSchema),
    score: PartnerScoreSchema,
    locked: z.array(LockedModuleSchema),
  }),
} as const;

export type TrainingEventType = keyof typeof EventDataSchemas;
// `@__PURE__` here and on the envelope: only the server uses them, and a bundler drops an unused
// call only when told that it has no side effects — otherwise the SDK's bundle would carry them.
export const TRAINING_EVENT_TYPES = /* @__PURE__ */ Object.keys(EventDataSchemas) as TrainingEventType[];

export type TrainingEventData<T extends TrainingEventType = TrainingEventType> = z.infer<(typeof EventDataSchemas)[T]>;

/** One entry of a partner's event log, as stored and as streamed (`id: seq`, `event: type`). */
export type TrainingEvent = {
  [T in TrainingEventType]: { seq: number; type: T; at: string; data: TrainingEventData<T> };
}[TrainingEventType];

/** Envelope fields every stored event has. */
export const EventEnvelopeSchema = /* @__PURE__ */ z.strictObject({
  seq: /* @__PURE__ */ z.int().check(/* @__PURE__ */ z.gte(1)),
  type: /* @__PURE__ */ z.enum(TRAINING_EVENT_TYPES as [TrainingEventType, ...TrainingEventType[]]),
  at: TimestampSchema,
});

/** The SSE `snapshot` message: the whole state; its `cursor` is where the stream resumes. */
export const SnapshotEventSchema = TrainingSnapshotSchema;

/**
 * Stream control: the server ends a stream with `event: token-expired` when the widget token
 * runs out; the client fetches a new token and resumes from its last seq.
 */
export const STREAM_TOKEN_EXPIRED = 'token-expired';

/**
 * Stream control: while the database cannot be reached, a stream opens (200, so a plain
 * `EventSource` keeps reconnecting), says `event: unavailable` with the 503 problem as its data
 * and `retry:` as its Retry-After, and ends; the client comes back after that delay.
 */
export const STREAM_UNAVAILABLE = 'unavailable';

import * as z from 'zod/mini';
import { CertificationSchema } from './catalog.ts';
import { IdSchema, TimestampSchema } from './ids.ts';
import { CertificateSchema } from './state.ts';

const Share = z.number().check(z.gte(0), z.lte(1));
/** Percentage points (10 = 10%), rounded to 4 decimals. */
const Points = z.number();

export const ReasonParamSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export type ReasonParam = z.infer<typeof ReasonParamSchema>;

/** A machine-readable reason: a code from the README's table and its parameters, never prose. */
export const ReasonSchema = z.strictObject({
  code: z.string().check(z.minLength(1)),
  params: z.record(z.string(), ReasonParamSchema),
});
export type Reason = z.infer<typeof ReasonSchema>;

/**
 * One requirement of one tier and how far the partner is: `code` is `requirement.<kind>`,
 * `params` name what is required (category, level, certificationId, moduleId) and `remaining`.
 */
export const RequirementStatusSchema = z.strictObject({
  tier: IdSchema,
  code: z.string(),
  params: z.record(z.string(), ReasonParamSchema),
  met: z.boolean(),
  current: z.number(),
  target: z.number(),
  progress: Share,
});
export type RequirementStatus = z.infer<typeof RequirementStatusSchema>;

export const TierStatusSchema = z.strictObject({
  id: IdSchema,
  name: z.string(),
  multiplier: z.number(),
  /** Whether this tier's requirements and those of every lower tier are met. */
  met: z.boolean(),
  /** The tier's own requirements (lower tiers' are listed under those tiers). */
  requirements: z.array(RequirementStatusSchema),
});
export type TierStatus = z.infer<typeof TierStatusSchema>;

/** Commission lines add up to the rate exactly in units of 0.0001 points. */
export const CommissionLineSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('base'), points: Points }),
  z.strictObject({ kind: z.literal('multiplier'), tier: IdSchema, factor: z.number(), points: Points }),
  z.strictObject({
    kind: z.literal('bonus'),
    id: IdSchema,
    bonusKind: z.enum(['absolute', 'relative', 'per_certification', 'per_module']),
    applied: z.boolean(),
    /** How many certifications / modules a `per_*` bonus counted; null for the others. */
    count: z.nullable(z.int()),
    points: Points,
  }),
  z.strictObject({ kind: z.literal('cap'), cap: Points, points: Points }),
]);
export type CommissionLine = z.infer<typeof CommissionLineSchema>;

export const CommissionSchema = z.strictObject({
  rate: Points,
  lines: z.array(CommissionLineSchema),
});
export type Commission = z.infer<typeof CommissionSchema>;

export const NextTierSchema = z.strictObject({
  tier: IdSchema,
  name: z.string(),
  /** Every unmet requirement of that tier and the tiers below it. */
  missing: z.array(RequirementStatusSchema),
  /** The rate at that tier with today's bonuses. */
  rate: Points,
  rateDelta: Points,
});
export type NextTier = z.infer<typeof NextTierSchema>;

export const AtRiskSchema = z.strictObject({
  /** The tier held during the grace period. */
  tier: IdSchema,
  /** The tier the partner drops to when the grace period ends. */
  fallbackTier: IdSchema,
  until: TimestampSchema,
  reasons: z.array(ReasonSchema),
});
export type AtRisk = z.infer<typeof AtRiskSchema>;

/** The figures requirements are measured against. */
export const FactsSchema = z.strictObject({
  trainingHours: z.number().check(z.gte(0)),
  completed: z.strictObject({ core: z.int(), advanced: z.int(), elective: z.int() }),
  activeCertifications: z.strictObject({ foundation: z.int(), advanced: z.int() }),
  performanceScore: z.number(),
});
export type Facts = z.infer<typeof FactsSchema>;

export const EvaluationSchema = z.strictObject({
  policyVersion: z.int(),
  /** The tier in force: the highest tier met, or the recorded tier held during grace. */
  tier: IdSchema,
  /** The highest tier whose requirements are met right now. */
  metTier: IdSchema,
  tiers: z.array(TierStatusSchema),
  commission: CommissionSchema,
  next: z.nullable(NextTierSchema),
  atRisk: z.nullable(AtRiskSchema),
  facts: FactsSchema,
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const SimulationStepsSchema = z.strictObject({
  complete: z.optional(z.array(IdSchema)),
  earn: z.optional(z.array(IdSchema)),
});
export type SimulationSteps = z.infer<typeof SimulationStepsSchema>;

export const SimulationSchema = z.strictObject({
  before: EvaluationSchema,
  after: EvaluationSchema,
  delta: z.strictObject({
    tierChanged: z.boolean(),
    fromTier: IdSchema,
    toTier: IdSchema,
    rateDelta: Points,
    /** Certifications the steps earn, named or through completed modules. */
    certificationsEarned: z.array(IdSchema),
  }),
});
export type Simulation = z.infer<typeof SimulationSchema>;

export const RecommendationSchema = z.strictObject({
  moduleId: IdSchema,
  /** 1 = take this first. */
  rank: z.int().check(z.gte(1)),
  reasons: z.array(ReasonSchema),
  /** Study time left, from the module's estimate and the partner's percent. */
  hours: z.number().check(z.gte(0)),
  rateDelta: Points,
  rateDeltaPerHour: Points,
  tierAfter: IdSchema,
  /** trailingRevenue × rateDelta / 100, when the partner record has revenue. */
  yearlyValue: z.nullable(z.number()),
  currency: z.nullable(z.string()),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const LockedModuleSchema = z.strictObject({
  moduleId: IdSchema,
  reasons: z.array(ReasonSchema),
});
export type LockedModule = z.infer<typeof LockedModuleSchema>;

export const PartnerScoreSchema = z.strictObject({
  /** 0..100, the weighted mean of the three components. */
  score: z.number().check(z.gte(0), z.lte(100)),
  performance: z.number(),
  /** Share of catalog modules completed, 0..100. */
  completion: z.number(),
  /** Mean assessment score over completed modules that have one; 0 when none. */
  assessment: z.number(),
});
export type PartnerScore = z.infer<typeof PartnerScoreSchema>;

export const CertificationStateSchema = z.enum(['active', 'due', 'expired', 'revoked', 'in_progress', 'not_started']);
export type CertificationState = z.infer<typeof CertificationStateSchema>;

export const CertificationStatusSchema = z.strictObject({
  certificationId: IdSchema,
  level: CertificationSchema.shape.level,
  /** `due`: every required module passed since the last certificate, so one should be issued. */
  state: CertificationStateSchema,
  completed: z.int(),
  required: z.int(),
  /** Required modules not yet completed, in the certification's order. */
  missing: z.array(IdSchema),
  /** Required modules completed with a score below the passing score (or none). */
  belowPassing: z.array(IdSchema),
  /** The latest certificate for it, if any. */
  certificate: z.nullable(CertificateSchema),
});
export type CertificationStatus = z.infer<typeof CertificationStatusSchema>;

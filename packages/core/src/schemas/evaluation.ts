import * as z from './zod.ts';
import { IdSchema, TimestampSchema } from './ids.ts';

const Share = z.number().check(z.gte(0), z.lte(1));
/** Percentage points (10 = 10%), rounded to 4 decimals. */
const Points = z.number();

export const ReasonParamSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export type ReasonParam = z.infer<typeof ReasonParamSchema>;

/**
 * A reason's or requirement's parameters: any names, each a ReasonParam. An object whose every
 * key is checked against ReasonParamSchema is what `record` would check, and `object` is in every
 * browser bundle anyway while `record` would add 0.5 KB gzip.
 */
export const ReasonParamsSchema = z.catchall(z.object({}), ReasonParamSchema);

/** A machine-readable reason: a code from the README's table and its parameters, never prose. */
export const ReasonSchema = z.object({
  code: z.string().check(z.minLength(1)),
  params: ReasonParamsSchema,
});
export type Reason = z.infer<typeof ReasonSchema>;

/**
 * One requirement of one tier and how far the partner is: `code` is `requirement.<kind>`,
 * `params` name what is required (category, level, certificationId, moduleId) and `remaining`.
 */
export const RequirementStatusSchema = z.object({
  tier: IdSchema,
  code: z.string(),
  params: ReasonParamsSchema,
  met: z.boolean(),
  current: z.number(),
  target: z.number(),
  progress: Share,
});
export type RequirementStatus = z.infer<typeof RequirementStatusSchema>;

export const TierStatusSchema = z.object({
  id: IdSchema,
  name: z.string(),
  multiplier: z.number(),
  /** Whether this tier's requirements and those of every lower tier are met. */
  met: z.boolean(),
  /** The tier's own requirements (lower tiers' are listed under those tiers). */
  requirements: z.array(RequirementStatusSchema),
});
export type TierStatus = z.infer<typeof TierStatusSchema>;

/**
 * Commission lines add up to the rate exactly in units of 0.0001 points. A union, not a
 * discriminatedUnion: each option's literal `kind` already tells them apart, and
 * discriminatedUnion would cost every script tag 0.5 KB gzip.
 */
export const CommissionLineSchema = z.union([
  z.object({ kind: z.literal('base'), points: Points }),
  z.object({ kind: z.literal('multiplier'), tier: IdSchema, factor: z.number(), points: Points }),
  z.object({
    kind: z.literal('bonus'),
    id: IdSchema,
    bonusKind: z.enum(['absolute', 'relative', 'per_certification', 'per_module']),
    applied: z.boolean(),
    /** How many certifications / modules a `per_*` bonus counted; null for the others. */
    count: z.nullable(z.int()),
    points: Points,
  }),
  z.object({ kind: z.literal('cap'), cap: Points, points: Points }),
]);
export type CommissionLine = z.infer<typeof CommissionLineSchema>;

export const CommissionSchema = z.object({
  rate: Points,
  lines: z.array(CommissionLineSchema),
});
export type Commission = z.infer<typeof CommissionSchema>;

export const NextTierSchema = z.object({
  tier: IdSchema,
  name: z.string(),
  /** Every unmet requirement of that tier and the tiers below it. */
  missing: z.array(RequirementStatusSchema),
  /** The rate at that tier with today's bonuses. */
  rate: Points,
  rateDelta: Points,
});
export type NextTier = z.infer<typeof NextTierSchema>;

export const AtRiskSchema = z.object({
  /** The tier held during the grace period. */
  tier: IdSchema,
  /** The tier the partner drops to when the grace period ends. */
  fallbackTier: IdSchema,
  until: TimestampSchema,
  reasons: z.array(ReasonSchema),
});
export type AtRisk = z.infer<typeof AtRiskSchema>;

/** The figures requirements are measured against. */
export const FactsSchema = z.object({
  trainingHours: z.number().check(z.gte(0)),
  completed: z.object({ core: z.int(), advanced: z.int(), elective: z.int() }),
  activeCertifications: z.object({ foundation: z.int(), advanced: z.int() }),
  performanceScore: z.number(),
});
export type Facts = z.infer<typeof FactsSchema>;

export const EvaluationSchema = z.object({
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

// `@__PURE__`: the SDK sends these as a query string and never validates them, and a bundler drops
// an unused call only when told that it has no side effects.
export const SimulationStepsSchema = /* @__PURE__ */ z.strictObject({
  complete: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(IdSchema)),
  earn: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(IdSchema)),
});
export type SimulationSteps = z.infer<typeof SimulationStepsSchema>;

export const SimulationSchema = z.object({
  before: EvaluationSchema,
  after: EvaluationSchema,
  delta: z.object({
    tierChanged: z.boolean(),
    fromTier: IdSchema,
    toTier: IdSchema,
    rateDelta: Points,
    /** Certifications the steps earn, named or through completed modules. */
    certificationsEarned: z.array(IdSchema),
  }),
});
export type Simulation = z.infer<typeof SimulationSchema>;

export const RecommendationSchema = z.object({
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

export const LockedModuleSchema = z.object({
  moduleId: IdSchema,
  reasons: z.array(ReasonSchema),
});
export type LockedModule = z.infer<typeof LockedModuleSchema>;

// The engine's per-partner figures that no partner-facing answer carries live in standing.ts:
// a browser bundle keeps every schema of a module it imports (a zod call is not provably pure),
// so keeping them here would put them, and state.ts with them, into the SDK's bundle.
export { CertificationStateSchema, CertificationStatusSchema, PartnerScoreSchema } from './standing.ts';
export type { CertificationState, CertificationStatus, PartnerScore } from './standing.ts';

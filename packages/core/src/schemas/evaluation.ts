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

/** How far the partner is with one condition: a tier's requirement or what earns a bonus. */
const ConditionShape = {
  code: z.string(),
  params: ReasonParamsSchema,
  met: z.boolean(),
  current: z.number(),
  target: z.number(),
  progress: Share,
};

/**
 * A bonus's condition (`requirement.<kind>`, as a tier requirement reads) and how far the
 * partner is with it.
 */
export const ConditionSchema = z.object(ConditionShape);
export type Condition = z.infer<typeof ConditionSchema>;

/**
 * One requirement of one tier and how far the partner is: `code` is `requirement.<kind>`,
 * `params` name what is required (category, level, certificationId, moduleId) and `remaining`.
 */
export const RequirementStatusSchema = z.object({ tier: IdSchema, ...ConditionShape });
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
    /**
     * What earning it brings, whether earned or not: points (`absolute`; `per_*`: per
     * certification or module), or the factor (`relative`).
     */
    value: z.number(),
    /** `per_*`: the most it adds, in points; null for the others. */
    max: z.nullable(Points),
    /** What earns an `absolute` or `relative` bonus, and how far the partner is; null when unconditional or `per_*`. */
    condition: z.nullable(ConditionSchema),
    /** What a `per_*` bonus counts: `{ level }` or `{ category }`; empty for the others. */
    params: ReasonParamsSchema,
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
  /**
   * Every unmet requirement of that tier and the tiers below it, each once: a requirement that a
   * stronger one of the same kind implies (Gold's one advanced certification under Platinum's
   * two) is left out.
   */
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

/**
 * One module of a path (a renewal, the way to a tier). `code`: `path.take` (not completed yet),
 * `path.retake` (completed before the certification's last certificate, so it counts again only
 * once passed again), `path.pass` (completed below the passing score).
 */
export const PathModuleSchema = z.object({
  moduleId: IdSchema,
  code: z.string(),
  /** Study time left: the estimate less the partner's progress; a retake counts in full. */
  hours: z.number().check(z.gte(0)),
});
export type PathModule = z.infer<typeof PathModuleSchema>;

/**
 * What a lapsing certificate holds up (DESIGN, "Foresight"). `code`: `stake.expiring` (active,
 * ends within the policy's warning window) or `stake.grace` (ended; the tier is held for the
 * grace period). Each item is the loss of that certificate alone, everything else as it is now.
 */
export const AtStakeSchema = z.object({
  code: z.string(),
  certificationId: IdSchema,
  expiresAt: TimestampSchema,
  /** Renew by then to lose nothing: the expiry while active, the end of grace once expired. */
  actBy: TimestampSchema,
  /** When the tier drops if nothing is done (the end of grace); null when only the rate drops. */
  tierDropsAt: z.nullable(TimestampSchema),
  tier: IdSchema,
  tierAfter: IdSchema,
  rate: Points,
  rateAfter: Points,
  /** `rateAfter - rate`: negative. */
  rateDelta: Points,
  /** trailingRevenue × rateDelta / 100 (negative) when the partner record has revenue. */
  yearlyValue: z.nullable(z.number()),
  currency: z.nullable(z.string()),
  /** What it holds up: the tier requirements it meets (`requirement.*`, with `tier`) and bonus points (`stake.bonus`). */
  reasons: z.array(ReasonSchema),
  /** What renewing takes: the required modules still to pass since the last certificate. */
  renewal: z.object({
    modules: z.array(PathModuleSchema),
    hours: z.number(),
    /** False when a module it needs cannot be taken (locked, or gone from the catalog). */
    available: z.boolean(),
  }),
});
export type AtStake = z.infer<typeof AtStakeSchema>;

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
  /** Certificates whose end would cost tier or rate, most valuable first (DESIGN, "Foresight"). */
  atStake: z.array(AtStakeSchema),
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
  /** Points of rate a renewal this module is part of keeps from being lost; 0 for the others. */
  protects: Points,
  /** How much completing it raises the partner score (0..100 scale). */
  scoreDelta: z.number(),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const LockedModuleSchema = z.object({
  moduleId: IdSchema,
  reasons: z.array(ReasonSchema),
});
export type LockedModule = z.infer<typeof LockedModuleSchema>;

/**
 * The step that helps the partner most (DESIGN, "Foresight"): `renew` keeps what a lapsing
 * certificate holds up, when that protects more per hour of study than the best gain earns;
 * `tier` is the cheapest way to the next tier, every module it takes; `module` the single module
 * that raises the rate most. Its gain is that of the whole step, found by simulating it.
 */
export const NextStepSchema = z.object({
  kind: z.enum(['renew', 'tier', 'module']),
  /** The tier kept (`renew`), reached (`tier`, once `blockedBy` is met too) or held after it (`module`). */
  tier: IdSchema,
  /** `renew`: the certification to renew; null for the others. */
  certificationId: z.nullable(IdSchema),
  /** `renew`: renew by then to lose nothing; null for the others. */
  actBy: z.nullable(TimestampSchema),
  /** In the order to take them (prerequisites first); empty when only `blockedBy` stands in the way. */
  modules: z.array(PathModuleSchema),
  hours: z.number().check(z.gte(0)),
  /** Points the step gains, or (`renew`) keeps from being lost. */
  rateDelta: Points,
  yearlyValue: z.nullable(z.number()),
  currency: z.nullable(z.string()),
  /** Requirements of the target no module can meet (a performance score): the modules alone do not reach it. */
  blockedBy: z.array(RequirementStatusSchema),
});
export type NextStep = z.infer<typeof NextStepSchema>;

/**
 * The partner score, 0..100: the policy's weighted mean of the performance score, the share of
 * catalog modules completed and the mean assessment score (DESIGN, "Partner score").
 */
export const PartnerScoreSchema = z.object({
  score: z.number().check(z.gte(0), z.lte(100)),
  performance: z.number(),
  /** Share of catalog modules completed, 0..100. */
  completion: z.number(),
  /** Mean assessment score over completed modules that have one; 0 when none. */
  assessment: z.number(),
  /** The policy's weights of the three parts (they need not sum to 1). */
  weights: z.object({ performance: z.number(), completion: z.number(), assessment: z.number() }),
});
export type PartnerScore = z.infer<typeof PartnerScoreSchema>;

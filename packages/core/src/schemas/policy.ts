import * as z from 'zod/mini';
import { CertificationSchema, ModuleCategorySchema } from './catalog.ts';
import { IdSchema } from './ids.ts';

const CertificationLevelSchema = CertificationSchema.shape.level;

/**
 * One condition of a tier (or of a bonus). Certification counts consider active certificates
 * only; training hours are defined in the README ("Training hours").
 */
export const RequirementSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('category_complete'), category: ModuleCategorySchema }),
  z.strictObject({
    kind: z.literal('category_count'),
    category: ModuleCategorySchema,
    count: z.int().check(z.gte(1)),
  }),
  z.strictObject({ kind: z.literal('module_completed'), moduleId: IdSchema }),
  z.strictObject({ kind: z.literal('training_hours'), hours: z.number().check(z.gt(0), z.lte(100_000)) }),
  z.strictObject({
    kind: z.literal('certification_level'),
    level: CertificationLevelSchema,
    count: z.int().check(z.gte(1)),
  }),
  z.strictObject({ kind: z.literal('certification'), certificationId: IdSchema }),
  z.strictObject({ kind: z.literal('performance'), score: z.number().check(z.gte(0), z.lte(100)) }),
]);
export type Requirement = z.infer<typeof RequirementSchema>;
export type RequirementKind = Requirement['kind'];

export const TierSchema = z.strictObject({
  id: IdSchema,
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Factor on the base rate; tiers are listed lowest first and factors never decrease. */
  multiplier: z.number().check(z.gt(0), z.lte(100)),
  /** Requirements on top of those of every lower tier (tiers are cumulative). */
  requirements: z.array(RequirementSchema),
});
export type Tier = z.infer<typeof TierSchema>;

/**
 * Bonuses apply in policy order after the tier multiplier. Rates are percentage points
 * (10 = 10%). `absolute` adds points; `relative` multiplies the running rate (1.05 = +5%);
 * `per_certification` / `per_module` add `points` for each active certification of a level /
 * completed module of a category, at most `max` points.
 */
export const BonusSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('absolute'),
    id: IdSchema,
    points: z.number().check(z.gt(0), z.lte(100)),
    when: z.optional(RequirementSchema),
  }),
  z.strictObject({
    kind: z.literal('relative'),
    id: IdSchema,
    factor: z.number().check(z.gt(0), z.lte(10)),
    when: z.optional(RequirementSchema),
  }),
  z.strictObject({
    kind: z.literal('per_certification'),
    id: IdSchema,
    level: CertificationLevelSchema,
    points: z.number().check(z.gt(0), z.lte(100)),
    max: z.number().check(z.gt(0), z.lte(100)),
  }),
  z.strictObject({
    kind: z.literal('per_module'),
    id: IdSchema,
    category: ModuleCategorySchema,
    points: z.number().check(z.gt(0), z.lte(100)),
    max: z.number().check(z.gt(0), z.lte(100)),
  }),
]);
export type Bonus = z.infer<typeof BonusSchema>;

/** Weights of the partner score; they need not sum to 1 (the score divides by their sum). */
export const ScoreWeightsSchema = z.strictObject({
  performance: z.number().check(z.gte(0)),
  completion: z.number().check(z.gte(0)),
  assessment: z.number().check(z.gte(0)),
});
export type ScoreWeights = z.infer<typeof ScoreWeightsSchema>;

/**
 * A partner whose tier lapses because a certificate expired keeps it for `graceDays`.
 * `warningDays` (default 60): how long before its end a certificate is `expiring` and what its
 * end would cost is shown (`atStake`). Optional, so policies stored before it existed still read.
 */
export const DowngradeRuleSchema = z.strictObject({
  graceDays: z.int().check(z.gte(0), z.lte(3650)),
  warningDays: z.optional(z.int().check(z.gte(1), z.lte(3650))),
});
export type DowngradeRule = z.infer<typeof DowngradeRuleSchema>;

/**
 * The tier policy, all rates in percentage points (10 = 10%). Structural rules live here;
 * rules that need the catalog or compare tiers live in `parsePolicy`.
 */
export const TierPolicySchema = z.strictObject({
  version: z.int().check(z.gte(1)),
  baseRate: z.number().check(z.gte(0), z.lte(100)),
  cap: z.number().check(z.gte(0), z.lte(100)),
  tiers: z.array(TierSchema).check(z.minLength(1), z.maxLength(20)),
  bonuses: z.array(BonusSchema).check(z.maxLength(20)),
  downgrade: DowngradeRuleSchema,
  scoreWeights: ScoreWeightsSchema,
});
export type TierPolicy = z.infer<typeof TierPolicySchema>;

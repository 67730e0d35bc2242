import * as z from 'zod/mini';
import { CertificationInputSchema, ModuleInputSchema, PolicyInputSchema } from './api.ts';
import { ReasonSchema } from './evaluation.ts';
import { IdSchema, TimestampSchema } from './ids.ts';

// `POST /v1/policy/preview` (admin): what a candidate policy, and catalog changes, would do to
// every partner, written nowhere. Requests strict, answers plain (see api.ts).

/**
 * Catalog changes to preview with (or without) a policy: definitions added, or replacing the one
 * with their id; modules removed (as `DELETE /v1/modules/{id}` would).
 */
export const CatalogChangesSchema = z.strictObject({
  modules: z.optional(z.array(ModuleInputSchema).check(z.maxLength(200))),
  certifications: z.optional(z.array(CertificationInputSchema).check(z.maxLength(100))),
  removeModules: z.optional(z.array(IdSchema).check(z.maxLength(200))),
});
export type CatalogChanges = z.infer<typeof CatalogChangesSchema>;

/** The candidate: a policy (as `PUT /v1/policy` takes it) and/or catalog changes; what is left out stays as in force. */
export const PolicyPreviewRequestSchema = z.strictObject({
  policy: z.optional(PolicyInputSchema),
  catalog: z.optional(CatalogChangesSchema),
});
export type PolicyPreviewRequest = z.infer<typeof PolicyPreviewRequestSchema>;

/**
 * One issue of the candidate, as `PUT /v1/policy` (or a catalog write) would report it:
 * `forceable` ones are stored with `?force=true`, the others never.
 */
export const PolicyIssueSchema = z.object({
  pointer: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.unknown()),
  forceable: z.boolean(),
});
export type PolicyIssueBody = z.infer<typeof PolicyIssueSchema>;

const Figures = z.object({ before: z.number(), after: z.number(), delta: z.number() });
const Counts = z.object({ before: z.int(), after: z.int(), entering: z.int() });

/** Partners in a tier, and the sum of their commission rates (percentage points). */
export const TierFiguresSchema = z.object({ partners: z.int(), points: z.number() });

export const PreviewTierSchema = z.object({
  tier: IdSchema,
  name: z.string(),
  /** Absent from the policy in force (`before` all 0) or from the candidate (`after` all 0) when only one has it. */
  before: TierFiguresSchema,
  after: TierFiguresSchema,
});
export type PreviewTier = z.infer<typeof PreviewTierSchema>;

/** Yearly commission of the partners with a known trailing revenue in one currency (null: revenue without a currency). */
export const PreviewYearlySchema = z.object({
  currency: z.nullable(z.string()),
  partners: z.int(),
  before: z.number(),
  after: z.number(),
  delta: z.number(),
});

/** Every partner at once. */
export const PreviewSummarySchema = z.object({
  partners: z.int(),
  /** The candidate's tiers in order, then those only the policy in force has. */
  tiers: z.array(PreviewTierSchema),
  movedUp: z.int(),
  movedDown: z.int(),
  /** Partners whose rate rises / falls, moved or not. */
  rateUp: z.int(),
  rateDown: z.int(),
  /** The sum of every partner's commission rate, in percentage points. */
  points: Figures,
  yearly: z.array(PreviewYearlySchema),
  /** Partners holding a tier through a grace period; `entering`: in one after, not before. */
  grace: Counts,
  /** Partners with something at stake (a certificate ending within the warning window would cost them); `entering`: newly. */
  atStake: Counts,
});
export type PreviewSummary = z.infer<typeof PreviewSummarySchema>;

/**
 * A partner the candidate affects: moved to another tier, entering grace, or newly with
 * something at stake. `reasons`: for a move down, the candidate's requirements they miss between
 * their new tier and their old one; for a move up, the requirements in force that held them
 * below their new tier; then the lapsed certificates of a grace period and what is newly at stake.
 */
export const PreviewPartnerSchema = z.object({
  partnerId: IdSchema,
  name: z.string(),
  tier: z.object({ before: IdSchema, after: IdSchema }),
  move: z.enum(['up', 'down', 'none']),
  rate: Figures,
  /** trailingRevenue × rate delta / 100, when the partner record has revenue. */
  yearlyValue: z.nullable(z.number()),
  currency: z.nullable(z.string()),
  entersGrace: z.boolean(),
  entersAtStake: z.boolean(),
  reasons: z.array(ReasonSchema),
});
export type PreviewPartner = z.infer<typeof PreviewPartnerSchema>;

export const PolicyPreviewSchema = z.object({
  /** The instant every partner was evaluated at, before and after: the server clock's at the first page, carried by `next`. */
  now: TimestampSchema,
  /** The policy version in force, which `before` evaluates. */
  policyVersion: z.int(),
  issues: z.array(PolicyIssueSchema),
  /** Null on a page after the first (`?cursor=`), which only continues the list. */
  summary: z.nullable(PreviewSummarySchema),
  /** Affected partners by id, one page. */
  partners: z.array(PreviewPartnerSchema),
  /** The cursor of the next page (send the same body with `?cursor=`); null on the last. */
  next: z.nullable(z.string()),
});
export type PolicyPreview = z.infer<typeof PolicyPreviewSchema>;

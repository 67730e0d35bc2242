import * as z from './zod.ts';
import { IdSchema } from './ids.ts';

/** The partner record as the portal keeps it. */
export const PartnerSchema = z.object({
  id: IdSchema,
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  tier: IdSchema,
  performanceScore: z.number().check(z.gte(0), z.lte(100)),
  /** Revenue over the last twelve months; lets a widget say what a rate change is worth. */
  trailingRevenue: z.optional(z.number().check(z.gte(0))),
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code'))),
});
export type Partner = z.infer<typeof PartnerSchema>;

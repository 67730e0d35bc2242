import * as z from './zod.ts';
import { IdSchema } from './ids.ts';

export const ModuleCategorySchema = z.enum(['core', 'advanced', 'elective']);
export type ModuleCategory = z.infer<typeof ModuleCategorySchema>;

export const MaterialSchema = z.object({
  kind: z.enum(['video', 'document', 'course', 'link']),
  url: z.url({ protocol: /^https?$/ }),
});
export type Material = z.infer<typeof MaterialSchema>;

/** A training module of the catalog. */
export const ModuleSchema = z.object({
  id: IdSchema,
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  summary: z.string().check(z.maxLength(2000)),
  category: ModuleCategorySchema,
  estimatedMinutes: z.int().check(z.gte(1), z.lte(10_000)),
  material: MaterialSchema,
  prerequisites: z.array(IdSchema),
  minTier: z.optional(IdSchema),
  /** `lms`: only the training system completes it; `self`: the partner marks it done. */
  completion: z.enum(['lms', 'self']),
  /** xAPI activity IRI; when absent it is derived from the module id. */
  activityId: z.optional(z.url()),
});
export type Module = z.infer<typeof ModuleSchema>;

export const CertificationSchema = z.object({
  id: IdSchema,
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  level: z.enum(['foundation', 'advanced']),
  requiredModules: z.array(IdSchema).check(z.minLength(1)),
  passingScore: z.number().check(z.gte(0), z.lte(100)),
  validityMonths: z.int().check(z.gte(1), z.lte(120)),
});
export type Certification = z.infer<typeof CertificationSchema>;

// `@__PURE__`: the SDK never validates a whole catalog, and a bundler drops an unused call only
// when told that it has no side effects — otherwise every browser bundle would carry this.
export const CatalogSchema = /* @__PURE__ */ z.object({
  modules: /* @__PURE__ */ z.array(ModuleSchema),
  certifications: /* @__PURE__ */ z.array(CertificationSchema),
});
export type Catalog = z.infer<typeof CatalogSchema>;

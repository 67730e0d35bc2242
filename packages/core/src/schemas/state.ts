import * as z from 'zod/mini';
import { IdSchema, TimestampSchema } from './ids.ts';
import { PartnerSchema } from './partner.ts';
import { ModuleProgressSchema } from './progress.ts';

/**
 * A certificate issued to a partner. `expiresAt` is stored rather than derived so that a change
 * of the certification's `validityMonths` never silently moves the end of certificates already
 * issued (see `certificateExpiry`).
 */
export const CertificateSchema = z.strictObject({
  certificationId: IdSchema,
  issuedAt: TimestampSchema,
  expiresAt: TimestampSchema,
  revokedAt: z.nullable(TimestampSchema),
});
export type Certificate = z.infer<typeof CertificateSchema>;

/** A partner's progress in one module, named by `moduleId`. */
export const ModuleProgressEntrySchema = z.strictObject({
  moduleId: IdSchema,
  ...ModuleProgressSchema.shape,
});
export type ModuleProgressEntry = z.infer<typeof ModuleProgressEntrySchema>;

/**
 * Everything the tier engine reads about one partner. `progress` is a list rather than a map
 * keyed by module id: the engine walks it on every evaluation, and large objects built key by
 * key fall into V8's slow dictionary mode, which made that walk most of an evaluation's cost.
 * A module without an entry has not been started; entries for modules not in the catalog are
 * ignored; a module may appear once.
 */
export const PartnerTrainingStateSchema = z.strictObject({
  partner: PartnerSchema,
  progress: z.array(ModuleProgressEntrySchema).check(
    z.superRefine((entries, ctx) => {
      const seen = new Set<string>();
      entries.forEach((e, i) => {
        if (seen.has(e.moduleId)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'moduleId'],
            message: 'duplicate module',
            params: { rule: 'unique', moduleId: e.moduleId },
            input: e.moduleId,
          });
        }
        seen.add(e.moduleId);
      });
    }),
  ),
  certificates: z.array(CertificateSchema),
});
export type PartnerTrainingState = z.infer<typeof PartnerTrainingStateSchema>;

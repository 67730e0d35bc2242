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
          ctx.addIssue({ code: 'custom', path: [i, 'moduleId'], message: 'duplicate module', params: { rule: 'unique', moduleId: e.moduleId }, input: e.moduleId });
        }
        seen.add(e.moduleId);
      });
    }),
  ),
  certificates: z.array(CertificateSchema),
});
export type PartnerTrainingState = z.infer<typeof PartnerTrainingStateSchema>;

/** Progress entries by module id: a `Map`, or anything with its `get`. */
export type ProgressLookup = Pick<ReadonlyMap<string, ModuleProgressEntry>, 'get'>;

/**
 * A lookup that scans the list for each module asked about, once: for the few modules an
 * evaluation asks about, cheaper than indexing every entry.
 */
export function progressScan(state: Pick<PartnerTrainingState, 'progress'>): ProgressLookup {
  const found = new Map<string, ModuleProgressEntry | undefined>();
  return {
    get(moduleId) {
      if (found.has(moduleId)) return found.get(moduleId);
      const entry = state.progress.find((e) => e.moduleId === moduleId);
      found.set(moduleId, entry);
      return entry;
    },
  };
}

/** The progress entries by module id (the first entry wins should one appear twice). */
export function progressById(state: Pick<PartnerTrainingState, 'progress'>): Map<string, ModuleProgressEntry> {
  const map = new Map<string, ModuleProgressEntry>();
  for (const e of state.progress) if (!map.has(e.moduleId)) map.set(e.moduleId, e);
  return map;
}

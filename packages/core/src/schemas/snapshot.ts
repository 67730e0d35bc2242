import * as z from 'zod/mini';
import { ModuleSchema } from './catalog.ts';
import { PartnerSchema } from './partner.ts';
import { ModuleProgressSchema } from './progress.ts';

export const TrainingSummarySchema = z.strictObject({
  modulesCompleted: z.int().check(z.gte(0)),
  modulesTotal: z.int().check(z.gte(0)),
  /** Share of modules completed, 0..100. */
  percent: z.number().check(z.gte(0), z.lte(100)),
  timeSpentSeconds: z.int().check(z.gte(0)),
  certificatesEarned: z.int().check(z.gte(0)),
});
export type TrainingSummary = z.infer<typeof TrainingSummarySchema>;

export const ModuleWithProgressSchema = z.strictObject({
  ...ModuleSchema.shape,
  progress: ModuleProgressSchema,
});
export type ModuleWithProgress = z.infer<typeof ModuleWithProgressSchema>;

/**
 * `GET /v1/me/training`: everything a widget needs in one round trip. `cursor` is the seq of
 * the partner's last event, so a live subscription can resume exactly after it.
 */
export const TrainingSnapshotSchema = z.strictObject({
  partner: PartnerSchema,
  summary: TrainingSummarySchema,
  modules: z.array(ModuleWithProgressSchema),
  cursor: z.int().check(z.gte(0)),
});
export type TrainingSnapshot = z.infer<typeof TrainingSnapshotSchema>;

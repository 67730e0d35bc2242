import * as z from './zod.ts';
import { TimestampSchema } from './ids.ts';

export const ModuleStatusSchema = z.enum(['not_started', 'in_progress', 'completed']);
export type ModuleStatus = z.infer<typeof ModuleStatusSchema>;

/** A partner's progress in one module. */
export const ModuleProgressSchema = z.object({
  status: ModuleStatusSchema,
  percent: z.number().check(z.gte(0), z.lte(100)),
  timeSpentSeconds: z.int().check(z.gte(0)),
  score: z.nullable(z.number().check(z.gte(0), z.lte(100))),
  startedAt: z.nullable(TimestampSchema),
  completedAt: z.nullable(TimestampSchema),
});
export type ModuleProgress = z.infer<typeof ModuleProgressSchema>;

// `@__PURE__`: the SDK does not use it, and a bundler drops an unused call only when told that it
// has no side effects.
export const NOT_STARTED: ModuleProgress = /* @__PURE__ */ Object.freeze({
  status: 'not_started',
  percent: 0,
  timeSpentSeconds: 0,
  score: null,
  startedAt: null,
  completedAt: null,
});

// Database rows, and their conversion to the plain shapes the rest of training works on.
// Timestamps leave the database as Dates and go on the wire as ISO strings.
import type { ModuleProgress } from '@siso/training-core';
import type { moduleProgress } from '../db/schema.ts';

export type ProgressRow = typeof moduleProgress.$inferSelect;

export function toProgress(row: ProgressRow): ModuleProgress {
  return {
    status: row.status,
    percent: row.percent,
    timeSpentSeconds: row.timeSpentSeconds,
    score: row.score,
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

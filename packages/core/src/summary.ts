import type { Module } from './schemas/catalog.ts';
import type { ModuleProgress } from './schemas/progress.ts';
import type { TrainingSummary } from './schemas/snapshot.ts';

export interface SummarizeOptions {
  modules: readonly Module[];
  /** Progress by module id; a module without an entry has not been started. */
  progress: ReadonlyMap<string, ModuleProgress>;
  certificatesEarned: number;
}

/**
 * Headline numbers of a partner's training.
 *
 * @example
 * summarize({ modules, progress: new Map([['solution-selling', done]]), certificatesEarned: 0 })
 * // → { modulesCompleted: 1, modulesTotal: 15, percent: 6.67, … }
 */
export function summarize({ modules, progress, certificatesEarned }: SummarizeOptions): TrainingSummary {
  let modulesCompleted = 0;
  let timeSpentSeconds = 0;
  for (const m of modules) {
    const p = progress.get(m.id);
    if (!p) continue;
    if (p.status === 'completed') modulesCompleted += 1;
    timeSpentSeconds += p.timeSpentSeconds;
  }
  const modulesTotal = modules.length;
  const percent = modulesTotal === 0 ? 0 : Math.round((modulesCompleted / modulesTotal) * 10_000) / 100;
  return { modulesCompleted, modulesTotal, percent, timeSpentSeconds, certificatesEarned };
}

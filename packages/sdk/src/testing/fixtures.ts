// Builders for the SDK's tests; not part of the published package (see package.json "files").
import {
  DEFAULT_CATALOG,
  DEFAULT_POLICY,
  evaluate,
  NOT_STARTED,
  partnerScore,
  summarize,
  type ModuleProgress,
  type PartnerTrainingState,
  type TrainingEventData,
  type TrainingSnapshot,
} from '@siso/training-core';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const PARTNER = { id: 'acme', name: 'Acme', tier: 'bronze', performanceScore: 50 };

/** The id of the catalog's first module, the one `progressData` moves. */
export const FIRST_MODULE = DEFAULT_CATALOG.modules[0]!.id;

function stateWith(progress: ReadonlyMap<string, ModuleProgress>): PartnerTrainingState {
  return { partner: PARTNER, progress: [...progress].map(([moduleId, p]) => ({ moduleId, ...p })), certificates: [] };
}

/** A valid snapshot of a partner who has started nothing, at `cursor`. */
export function snapshotAt(cursor: number): TrainingSnapshot {
  const progress = new Map<string, ModuleProgress>();
  return {
    partner: PARTNER,
    summary: summarize({ modules: DEFAULT_CATALOG.modules, progress, certificatesEarned: 0 }),
    modules: DEFAULT_CATALOG.modules.map((m) => ({ ...m, progress: NOT_STARTED })),
    certifications: DEFAULT_CATALOG.certifications,
    certificates: [],
    evaluation: evaluate({ policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG, state: stateWith(progress), now: NOW }),
    recommendations: [],
    nextStep: null,
    score: partnerScore({ policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG, state: stateWith(progress) }),
    locked: [],
    history: [],
    cursor,
  };
}

/** The data of a `progress.updated` event putting the first module at `percent`. */
export function progressData(percent: number): TrainingEventData<'progress.updated'> {
  const p: ModuleProgress = {
    status: 'in_progress',
    percent,
    timeSpentSeconds: percent * 60,
    score: null,
    startedAt: NOW.toISOString(),
    completedAt: null,
  };
  const progress = new Map([[FIRST_MODULE, p]]);
  return {
    moduleId: FIRST_MODULE,
    progress: p,
    summary: summarize({ modules: DEFAULT_CATALOG.modules, progress, certificatesEarned: 0 }),
    evaluation: evaluate({ policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG, state: stateWith(progress), now: NOW }),
  };
}

/**
 * `value` as a newer server might send it: every object, at every depth, has a field more —
 * except reason `params`, which are maps that keep every key by design.
 */
export function withAddedFields<T>(value: T): T {
  if (Array.isArray(value)) return (value as unknown[]).map((item): unknown => withAddedFields(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]): [string, unknown] => [
    k,
    k === 'params' ? v : withAddedFields(v),
  ]);
  return { ...Object.fromEntries(entries), addedLater: { by: 'a newer server' } } as T;
}

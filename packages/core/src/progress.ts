import type { ModuleProgressEntry, PartnerTrainingState } from './schemas/state.ts';

// Apart from schemas/state.ts: a browser bundle that imports a function from a schema module
// keeps every schema of it (a zod call is not provably pure), and the elements need these.

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

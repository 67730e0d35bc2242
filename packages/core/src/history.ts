import type { ReasonParam } from './schemas/evaluation.ts';
import type { HistoryEntry } from './schemas/snapshot.ts';

/** How many milestones a snapshot's `history` lists, newest first; a live one keeps as many. */
export const HISTORY_LENGTH = 20;

/**
 * Whether an event makes a line of a partner's history: milestones do; progress reports (an LMS
 * may send one per page) and recommendation refreshes (after nearly every change) would push them
 * out of the short list a snapshot carries.
 */
export const isHistoryEvent = (type: string): boolean => type !== 'progress.updated' && type !== 'recommendations.updated';

// What a line says about its event: the ids and figures its text names, never the state it carries.
const KEPT = ['moduleId', 'from', 'to', 'tier', 'fallbackTier', 'until', 'outcome'] as const;

/**
 * The history line of an event, as the server stores it and the SDK adds it live: `params` keep
 * what the line's text names (`moduleId`, `from`/`to` of a change, the grace period's `tier`,
 * `until` and `outcome`, a certificate's `certificationId`).
 *
 * @example
 * historyEntry({ seq: 7, type: 'module.completed', at, data: { moduleId: 'solution-selling', … } });
 * // { seq: 7, type: 'module.completed', at, params: { moduleId: 'solution-selling' } }
 */
export function historyEntry({ seq, type, at, data }: { seq: number; type: string; at: string; data: unknown }): HistoryEntry {
  const fields = (data ?? {}) as Record<string, unknown>;
  const params: Record<string, ReasonParam> = {};
  for (const key of KEPT) {
    const v = fields[key];
    if (typeof v === 'string' || typeof v === 'number') params[key] = v;
  }
  const cert = fields.certificate as { certificationId?: unknown } | undefined;
  if (typeof cert?.certificationId === 'string') params.certificationId = cert.certificationId;
  return { seq, type, at, params };
}

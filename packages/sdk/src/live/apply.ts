import type { HistoryEntry, ReasonParam, TrainingEvent, TrainingSnapshot } from '@siso/training-core';

/** The server keeps this many history lines in a snapshot; live lines are kept to the same length. */
const HISTORY_LENGTH = 20;

/**
 * The snapshot after one event. Events carry the state they change (progress, summary,
 * evaluation, …), so applying one is replacing parts — no business rule runs here. Returns a new
 * object; the parts an event does not touch are shared with `snapshot`.
 *
 * @example
 * const next = applyEvent(snapshot, event);
 * next.cursor === event.seq; // true
 */
export function applyEvent(snapshot: TrainingSnapshot, event: TrainingEvent): TrainingSnapshot {
  const next: TrainingSnapshot = {
    ...snapshot,
    cursor: event.seq,
    history: [historyLine(event), ...snapshot.history].slice(0, Math.max(HISTORY_LENGTH, snapshot.history.length)),
  };
  switch (event.type) {
    case 'progress.updated':
    case 'module.completed': {
      const { moduleId, progress, summary, evaluation } = event.data;
      next.modules = snapshot.modules.map((m) => (m.id === moduleId ? { ...m, progress } : m));
      return { ...next, summary, evaluation };
    }
    case 'certificate.issued':
    case 'certificate.expiring':
    case 'certificate.revoked': {
      const { certificate, summary, evaluation } = event.data;
      const known = snapshot.certificates.some((c) => c.id === certificate.id);
      next.certificates = known ? snapshot.certificates.map((c) => (c.id === certificate.id ? certificate : c)) : [...snapshot.certificates, certificate];
      return { ...next, summary, evaluation };
    }
    case 'tier.changed':
      return { ...next, partner: { ...snapshot.partner, tier: event.data.to }, evaluation: event.data.evaluation };
    case 'commission.changed':
      return { ...next, evaluation: event.data.evaluation };
    case 'recommendations.updated':
      return { ...next, recommendations: event.data.recommendations, locked: event.data.locked };
  }
}

/** The history line the server would list for this event (see the snapshot's `history`). */
function historyLine(event: TrainingEvent): HistoryEntry {
  const params: Record<string, ReasonParam> = {};
  const data = event.data as Record<string, unknown>;
  for (const key of ['moduleId', 'from', 'to'] as const) {
    const value = data[key];
    if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  }
  if ('certificate' in event.data) params.certificationId = event.data.certificate.certificationId;
  return { seq: event.seq, type: event.type, at: event.at, params };
}

import { HISTORY_LENGTH, historyEntry, isHistoryEvent, type TrainingEvent, type TrainingSnapshot } from '@siso/training-core';

/**
 * The snapshot after one event. Events carry the state they change (progress, summary,
 * evaluation, …), so applying one is replacing parts — no business rule runs here, and the
 * history line is core's `historyEntry`, as the server writes it. Returns a new object; the
 * parts an event does not touch are shared with `snapshot`.
 *
 * @example
 * const next = applyEvent(snapshot, event);
 * next.cursor === event.seq; // true
 */
export function applyEvent(snapshot: TrainingSnapshot, event: TrainingEvent): TrainingSnapshot {
  const { data } = event;
  // The parts an event carries under the snapshot's own names replace them as they are (the
  // annotation checks that those names mean the same on both sides).
  const {
    summary = snapshot.summary,
    evaluation = snapshot.evaluation,
    recommendations = snapshot.recommendations,
    nextStep = snapshot.nextStep,
    score = snapshot.score,
    locked = snapshot.locked,
  }: Partial<TrainingSnapshot> = data;
  let { modules, certificates, partner } = snapshot;
  if ('moduleId' in data) modules = modules.map((m) => (m.id === data.moduleId ? { ...m, progress: data.progress } : m));
  if ('certificate' in data) {
    const { certificate } = data;
    const known = certificates.some((c) => c.id === certificate.id);
    certificates = known ? certificates.map((c) => (c.id === certificate.id ? certificate : c)) : [...certificates, certificate];
  }
  if (event.type === 'tier.changed') partner = { ...partner, tier: event.data.to };
  const history = isHistoryEvent(event.type)
    ? [historyEntry(event), ...snapshot.history].slice(0, Math.max(HISTORY_LENGTH, snapshot.history.length))
    : snapshot.history;
  return {
    ...snapshot,
    partner,
    summary,
    modules,
    certificates,
    evaluation,
    recommendations,
    nextStep,
    score,
    locked,
    history,
    cursor: event.seq,
  };
}

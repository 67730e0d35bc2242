import { isHistoryEvent, type ReasonParam, type TrainingEvent, type TrainingSnapshot } from '@siso/training-core';

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
  const { seq, type, at, data } = event;
  // The parts an event carries under the snapshot's own names replace them as they are (the
  // annotation checks that those names mean the same on both sides).
  const {
    summary = snapshot.summary,
    evaluation = snapshot.evaluation,
    recommendations = snapshot.recommendations,
    locked = snapshot.locked,
  }: Partial<TrainingSnapshot> = data;
  let { modules, certificates, partner } = snapshot;
  // What the history line the server would list for this event says (see the snapshot's `history`).
  const params: Record<string, ReasonParam> = {};
  if ('moduleId' in data) {
    params.moduleId = data.moduleId;
    modules = modules.map((m) => (m.id === data.moduleId ? { ...m, progress: data.progress } : m));
  }
  if ('certificate' in data) {
    const { certificate } = data;
    params.certificationId = certificate.certificationId;
    const known = certificates.some((c) => c.id === certificate.id);
    certificates = known ? certificates.map((c) => (c.id === certificate.id ? certificate : c)) : [...certificates, certificate];
  }
  if ('from' in data) {
    params.from = data.from;
    params.to = data.to;
  }
  if (event.type === 'tier.changed') partner = { ...partner, tier: event.data.to };
  const history = isHistoryEvent(type) ? [{ seq, type, at, params }, ...snapshot.history].slice(0, Math.max(HISTORY_LENGTH, snapshot.history.length)) : snapshot.history;
  return { ...snapshot, partner, summary, modules, certificates, evaluation, recommendations, locked, history, cursor: seq };
}

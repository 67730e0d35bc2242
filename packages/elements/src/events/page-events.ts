import type { TrainingSnapshot } from '@siso/training-sdk';
import type { Changes } from '../controllers/changes.ts';
import { emit } from './events.ts';

// `siso-module-completed` and `siso-tier-changed` tell of a change in the partner's training, not
// in one element, so a page hears each change once however many elements show that partner.
// Those elements take in the same snapshot objects — one live store per partner (the SDK's
// `liveStore`), one load per client (`loadOnce`) — so a change is the arrival of a new snapshot,
// and the first element to take it in tells it. Sources hand a snapshot to their elements in the
// order the elements connected, so that is the first connected element showing the partner; when
// it leaves, the next one tells. Held weakly: a snapshot no element keeps is forgotten with it.
const told = new WeakSet<TrainingSnapshot>();

/**
 * Fires the page-level events for `changes`, the difference between the previous snapshot and
 * `snapshot`, from `host` — unless another element has already told of `snapshot`. The events
 * bubble and are composed, so a listener on `document` (or any ancestor) hears them.
 */
export function tellOnce(host: EventTarget, snapshot: TrainingSnapshot, changes: Changes): void {
  if (told.has(snapshot)) return;
  told.add(snapshot);
  for (const moduleId of changes.completed) {
    emit(host, 'siso-module-completed', { moduleId, module: snapshot.modules.find((m) => m.id === moduleId) });
  }
  if (changes.tier) emit(host, 'siso-tier-changed', changes.tier);
}

import { liveStore, type LiveState, type TrainingClient } from '@siso/training-sdk';
import { useSyncExternalStore } from 'react';

/**
 * The partner's live training state. Every component calling this with the same client shares
 * one store, one snapshot and one connection (and so does any <siso-*> element given the client).
 */
export function useTraining(client: TrainingClient): LiveState {
  const store = liveStore(client);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

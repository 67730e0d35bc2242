import type { TrainingClient } from '../client.ts';
import { createLiveStore, type LiveStore, type LiveStoreOptions } from './store.ts';

// Page-wide (module-wide) sharing: one store per client, and one serving store — so one
// connection and one state — per apiBase and partner, however many clients name that partner.
// A serving store nobody listens to any more (lingering or stopped), or whose connection was
// refused for good, yields to the next store that starts: that one's client may hold a newer token.
const byClient = new WeakMap<TrainingClient, LiveStore>();
const byPartner = new Map<string, LiveStore>();

function share(key: string, store: LiveStore): LiveStore {
  const serving = byPartner.get(key);
  if (serving && serving !== store && serving.serving) return serving;
  byPartner.set(key, store);
  return store;
}

/**
 * The live store of `client`'s partner. Every call with the same client returns the same store
 * (`options` count only on the first); stores of different clients for the same apiBase and
 * partner share one connection and one state.
 *
 * @example
 * const store = liveStore(client);
 * const stop = store.subscribe(() => {
 *   const { snapshot, connection } = store.getSnapshot();
 *   if (snapshot) render(snapshot, connection);
 * });
 */
export function liveStore(client: TrainingClient, options: LiveStoreOptions = {}): LiveStore {
  let store = byClient.get(client);
  if (!store) byClient.set(client, (store = createLiveStore(client, options, share)));
  return store;
}

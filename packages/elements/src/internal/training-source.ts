import { liveStore, type ConnectionState, type TrainingClient, type TrainingSnapshot } from '@siso/training-sdk';

export type Connection = ConnectionState;

export interface SourceState {
  snapshot: TrainingSnapshot | undefined;
  error: unknown;
  loading: boolean;
  /** `undefined` when not live: the data is as loaded. */
  connection: Connection | undefined;
}

/** Where an element's data comes from. */
export interface Source {
  readonly client: TrainingClient;
  /** Calls `listener` with the state now and on every change; returns its removal. */
  subscribe(listener: (state: SourceState) => void): () => void;
  /** Tries again (the retry button). */
  retry(): void;
}

/**
 * Live: the SDK's page-wide store, so every element for one apiBase and partner shares one
 * snapshot and one event stream.
 */
export function liveSource(client: TrainingClient): Source {
  const store = liveStore(client);
  return {
    client,
    subscribe(listener) {
      const send = () => {
        const { snapshot, error, connection } = store.getSnapshot();
        listener({ snapshot, error, connection, loading: !snapshot && !error && connection !== 'offline' });
      };
      const stop = store.subscribe(send);
      send();
      return stop;
    },
    retry: () => store.reconnect(),
  };
}

// One load per client, shared by its elements like the live store: they show the same snapshot,
// an action in one element refreshes all of them, and a change is seen once (page-events.ts).
const loads = new WeakMap<TrainingClient, Source & { reload(): Promise<void> }>();

/**
 * Not live: one load, shared by every element with this client; again on `retry()`, after an
 * action (so its effect shows), and when another element connects (so it shows the data as it is
 * now, and the others with it). When the last element leaves, the next one starts afresh.
 */
export function loadOnce(client: TrainingClient): Source & { reload(): Promise<void> } {
  let source = loads.get(client);
  if (!source) loads.set(client, (source = createLoad(client)));
  return source;
}

function createLoad(client: TrainingClient): Source & { reload(): Promise<void> } {
  const initial: SourceState = { snapshot: undefined, error: undefined, loading: true, connection: undefined };
  let state = initial;
  const listeners = new Set<(state: SourceState) => void>();
  let call: AbortController | undefined;
  const set = (patch: Partial<SourceState>) => {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener(state);
  };
  const reload = async () => {
    call?.abort();
    const current = (call = new AbortController());
    set({ loading: !state.snapshot, error: undefined });
    try {
      const snapshot = await client.getTraining({ signal: current.signal });
      if (!current.signal.aborted) set({ snapshot, loading: false });
    } catch (error) {
      if (!current.signal.aborted) set({ error, loading: false });
    } finally {
      if (call === current) call = undefined;
    }
  };
  return {
    client,
    subscribe(listener) {
      listeners.add(listener);
      listener(state);
      // Elements connecting together share the load already under way.
      if (!call) void reload();
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0) return;
        call?.abort();
        call = undefined;
        state = initial;
      };
    },
    retry: () => void reload(),
    reload,
  };
}

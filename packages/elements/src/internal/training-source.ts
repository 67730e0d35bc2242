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

/** Not live: one load, again on `retry()` (or after an action, so its effect shows). */
export function loadOnce(client: TrainingClient): Source & { reload(): Promise<void> } {
  let state: SourceState = { snapshot: undefined, error: undefined, loading: true, connection: undefined };
  let listener: ((state: SourceState) => void) | undefined;
  let call: AbortController | undefined;
  const set = (patch: Partial<SourceState>) => {
    state = { ...state, ...patch };
    listener?.(state);
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
    }
  };
  return {
    client,
    subscribe(next) {
      listener = next;
      next(state);
      void reload();
      return () => {
        listener = undefined;
        call?.abort();
      };
    },
    retry: () => void reload(),
    reload,
  };
}

import type { TrainingEvent, TrainingSnapshot } from '@siso/training-core';
import type { TrainingClient } from '../client.ts';
import { asTrainingError, type TrainingError } from '../errors.ts';
import { applyEvent } from './apply.ts';
import type { ConnectionState, SubscribeOptions, Subscription } from './subscribe.ts';

/** What a live store holds. A new object on every change, so `===` tells whether anything changed. */
export interface LiveState {
  /** The partner's training with every event since applied; `undefined` until the first snapshot arrives. */
  readonly snapshot: TrainingSnapshot | undefined;
  readonly connection: ConnectionState;
  /** The latest failure; cleared when the stream is live again or a snapshot arrives. */
  readonly error: TrainingError | undefined;
  /** The event applied last, to highlight what changed; `undefined` right after a snapshot. */
  readonly lastEvent: TrainingEvent | undefined;
}

export type LiveStoreOptions = Pick<SubscribeOptions, 'heartbeatTimeout' | 'backoff' | 'pauseWhenHidden'> & {
  /** Ms the connection stays open after the last listener leaves, so a re-render or a moved element does not reconnect; default 2 s. */
  linger?: number;
};

/** Returns the store already serving `key` (apiBase + partner), or makes `store` serve it. */
export type Share = (key: string, store: LiveStore) => LiveStore;

/**
 * The live training state of one partner: a snapshot with the stream's events applied. Shaped for
 * React's `useSyncExternalStore` (`subscribe`, `getSnapshot`, both bound), and just as usable from
 * Lit, Vue or plain code. Opens its connection with the first listener and closes it shortly after
 * the last leaves. Get one with `liveStore(client)`: stores of clients for the same apiBase and
 * partner share one connection and one state — the first to start serves the others.
 */
export interface LiveStore {
  /** The client it reads with. */
  readonly client: TrainingClient;
  /**
   * Calls `listener` after every change of `getSnapshot()`; returns the function that stops it.
   * The first listener opens the connection.
   */
  readonly subscribe: (listener: () => void) => () => void;
  /** The current state; the same object until something changes. */
  readonly getSnapshot: () => LiveState;
  /**
   * Calls `listener` with each live event after it is applied (not for snapshots), e.g. to fire
   * `siso-module-completed`. Does not open the connection by itself; returns the function that stops it.
   */
  onEvent(listener: (event: TrainingEvent) => void): () => void;
  /** Tries again now: after the API refused for good (a retry button), or instead of waiting out a backoff. */
  reconnect(): void;
  /**
   * Whether this store can go on serving its partner to other stores: someone listens, and the API
   * has not refused it for good. Otherwise a store with a newer client takes over the partner. @internal
   */
  readonly serving: boolean;
}

/** A new store for `client`; `liveStore(client)` is the way to get one. */
export function createLiveStore(client: TrainingClient, options: LiveStoreOptions, share: Share): LiveStore {
  const listeners = new Set<() => void>();
  const eventListeners = new Set<(event: TrainingEvent) => void>();
  let state: LiveState = { snapshot: undefined, connection: 'connecting', error: undefined, lastEvent: undefined };
  /** apiBase + partner, once the token has said who the partner is (empty if it does not say). */
  let key: Promise<string> | undefined;
  /** The store this one mirrors, when another already serves the same partner. */
  let upstream: LiveStore | undefined;
  /** The open connection: this store's own subscription, or its link to the store it mirrors. */
  let link: Pick<Subscription, 'reconnect' | 'close'> | undefined;
  /** The API refused this store's connection for good (e.g. its fixed token expired). */
  let halted = false;
  let lingerTimer: ReturnType<typeof setTimeout> | undefined;

  const emit = () => {
    for (const listener of [...listeners]) listener();
  };
  const emitEvent = (event: TrainingEvent) => {
    for (const listener of [...eventListeners]) listener(event);
  };
  const update = (change: Partial<LiveState>) => {
    state = { ...state, ...change };
    emit();
  };
  const getSnapshot = () => upstream?.getSnapshot() ?? state;

  const stop = () => {
    // A mirror keeps the state it mirrored last, so serving later resumes from its cursor.
    state = getSnapshot();
    link?.close();
    link = upstream = undefined;
    halted = false;
  };

  const connect = (key: string) => {
    if (link || listeners.size === 0) return;
    // A token that names no partner is not shared: nothing says which stores it could join.
    const server = key ? share(key, store) : store;
    if (server === store) {
      link = client.subscribe(
        {
          onSnapshot: (snapshot) => update({ snapshot, error: undefined, lastEvent: undefined }),
          onEvent: (event) => {
            if (!state.snapshot) return;
            update({ snapshot: applyEvent(state.snapshot, event), lastEvent: event });
            emitEvent(event);
          },
          onStateChange: (connection) => update(connection === 'live' ? { connection, error: undefined } : { connection }),
          onError: (error, { willRetry }) => {
            halted = !willRetry;
            update({ error });
          },
        },
        // Resume where this store's state ends, so a reopened store loses nothing.
        { ...options, since: state.snapshot?.cursor },
      );
      return;
    }
    upstream = server;
    const stopState = server.subscribe(() => {
      // Its connection was refused for good (its token may have expired; this store listens, so
      // that is why it no longer serves): this store's own client may still get through, so
      // serve or find another server.
      if (server.serving) return emit();
      stop();
      connect(key);
    });
    const stopEvents = server.onEvent(emitEvent);
    link = {
      reconnect: server.reconnect,
      close() {
        stopState();
        stopEvents();
      },
    };
    emit();
  };

  const start = () => {
    if (!key) {
      update({ connection: 'connecting' });
      key = client.partnerId().then((partner) => (partner ? `${client.apiBase}\n${partner}` : ''));
    }
    key.then(connect, (error: unknown) => {
      key = undefined;
      update({ connection: 'offline', error: asTrainingError(error) });
    });
  };

  const store: LiveStore = {
    client,
    subscribe: (listener) => {
      listeners.add(listener);
      clearTimeout(lingerTimer);
      if (listeners.size === 1 && !link) start();
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0) return;
        lingerTimer = setTimeout(stop, options.linger ?? 2_000);
      };
    },
    getSnapshot,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    reconnect() {
      halted = false;
      if (link) link.reconnect();
      else if (listeners.size > 0) start();
    },
    get serving() {
      return listeners.size > 0 && !halted;
    },
  };
  return store;
}

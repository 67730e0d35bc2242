import type { TrainingEvent, TrainingSnapshot } from '@siso/training-core';
import type { TrainingClient } from '../client.ts';
import { isTrainingError, NetworkError, type TrainingError } from '../errors.ts';
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

const INITIAL: LiveState = { snapshot: undefined, connection: 'connecting', error: undefined, lastEvent: undefined };
let unkeyed = 0;

/**
 * The live training state of one partner: a snapshot with the stream's events applied. Shaped for
 * React's `useSyncExternalStore` (`subscribe`, `getSnapshot`, both bound), and just as usable from
 * Lit, Vue or plain code. Opens its connection with the first listener and closes it shortly after
 * the last leaves. Get one with `liveStore(client)`: stores of clients for the same apiBase and
 * partner share one connection and one state — the first to start serves the others.
 */
export class LiveStore {
  readonly client: TrainingClient;
  readonly #options: LiveStoreOptions;
  readonly #share: Share;
  readonly #listeners = new Set<() => void>();
  readonly #eventListeners = new Set<(event: TrainingEvent) => void>();
  #state: LiveState = INITIAL;
  #key: string | undefined;
  #resolving = false;
  /** The store this one mirrors, when another already serves the same partner. */
  #upstream: LiveStore | undefined;
  /** The API refused this store's connection for good (e.g. its fixed token expired). */
  #halted = false;
  #subscription: Subscription | undefined;
  #disconnect: (() => void) | undefined;
  #lingerTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(client: TrainingClient, options: LiveStoreOptions, share: Share) {
    this.client = client;
    this.#options = options;
    this.#share = share;
  }

  /**
   * Calls `listener` after every change of `getSnapshot()`; returns the function that stops it.
   * The first listener opens the connection.
   */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    clearTimeout(this.#lingerTimer);
    if (this.#listeners.size === 1 && !this.#disconnect) this.#start();
    return () => {
      if (!this.#listeners.delete(listener) || this.#listeners.size > 0) return;
      this.#lingerTimer = setTimeout(() => this.#stop(), this.#options.linger ?? 2_000);
    };
  };

  /**
   * Whether this store can go on serving its partner to other stores: someone listens, and the API
   * has not refused it for good. Otherwise a store with a newer client takes over the partner. @internal
   */
  get serving(): boolean {
    return this.#listeners.size > 0 && !this.#halted;
  }

  /** The current state; the same object until something changes. */
  readonly getSnapshot = (): LiveState => this.#upstream?.getSnapshot() ?? this.#state;

  /**
   * Calls `listener` with each live event after it is applied (not for snapshots), e.g. to fire
   * `siso-module-completed`. Does not open the connection by itself; returns the function that stops it.
   */
  onEvent(listener: (event: TrainingEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** Tries again now: after the API refused for good (a retry button), or instead of waiting out a backoff. */
  reconnect(): void {
    if (this.#upstream) this.#upstream.reconnect();
    else if (this.#subscription) {
      this.#halted = false;
      this.#subscription.reconnect();
    } else if (this.#listeners.size > 0) this.#start();
  }

  #start(): void {
    if (this.#key !== undefined) return this.#connect(this.#key);
    if (this.#resolving) return;
    this.#resolving = true;
    this.#update({ connection: 'connecting' });
    this.client.partnerId().then(
      (partner) => {
        this.#resolving = false;
        // A token that names no partner is not shared: nothing says which stores it could join.
        this.#key = `${this.client.apiBase}\n${partner ?? `unkeyed-${++unkeyed}`}`;
        if (this.#listeners.size > 0) this.#connect(this.#key);
      },
      (error: unknown) => {
        this.#resolving = false;
        this.#update({ connection: 'offline', error: isTrainingError(error) ? error : new NetworkError(String(error), { cause: error }) });
      },
    );
  }

  #connect(key: string): void {
    const server = this.#share(key, this);
    if (server !== this) {
      this.#upstream = server;
      const relay = (event: TrainingEvent) => this.#emitEvent(event);
      const stopState = server.subscribe(() => {
        // Its connection was refused for good (its token may have expired): this store's own
        // client may still get through, so serve or find another server.
        if (server.#halted) this.#resolveAgain(key);
        else this.#emit();
      });
      const stopEvents = server.onEvent(relay);
      this.#disconnect = () => {
        stopState();
        stopEvents();
      };
      this.#emit();
      return;
    }
    const subscription = this.client.subscribe(
      {
        onSnapshot: (snapshot) => this.#update({ snapshot, error: undefined, lastEvent: undefined }),
        onEvent: (event) => {
          const current = this.#state.snapshot;
          if (!current) return;
          this.#update({ snapshot: applyEvent(current, event), lastEvent: event });
          this.#emitEvent(event);
        },
        onStateChange: (connection) => this.#update(connection === 'live' ? { connection, error: undefined } : { connection }),
        onError: (error, { willRetry }) => {
          this.#halted = !willRetry;
          this.#update({ error });
        },
      },
      {
        ...this.#options,
        // Resume where this store's state ends, so a reopened store loses nothing.
        ...(this.#state.snapshot ? { since: this.#state.snapshot.cursor } : {}),
      },
    );
    this.#subscription = subscription;
    this.#disconnect = () => {
      subscription.close();
      this.#subscription = undefined;
    };
  }

  #resolveAgain(key: string): void {
    this.#stop();
    if (this.#listeners.size > 0) this.#connect(key);
  }

  #stop(): void {
    // A mirror keeps the state it mirrored last, so serving later resumes from its cursor.
    this.#state = this.getSnapshot();
    this.#disconnect?.();
    this.#disconnect = undefined;
    this.#upstream = undefined;
    this.#halted = false;
  }

  #update(change: Partial<LiveState>): void {
    this.#state = { ...this.#state, ...change };
    this.#emit();
  }

  #emit(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #emitEvent(event: TrainingEvent): void {
    for (const listener of [...this.#eventListeners]) listener(event);
  }
}

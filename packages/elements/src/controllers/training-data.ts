import type { TrainingClient, TrainingSnapshot } from '@siso/training-sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from '../events/events.ts';
import { tellOnce } from '../events/page-events.ts';
import { liveSource, loadOnce, type Connection, type Source, type SourceState } from '../internal/training-source.ts';
import { changesBetween } from './changes.ts';

export interface TrainingDataHost extends ReactiveControllerHost, HTMLElement {
  /** The client to read with; `undefined` while the element has no credential. */
  resolveClient(): TrainingClient | undefined;
  /** Whether to stream changes (the `live` attribute). */
  live: boolean;
}

/** How long a changed piece stays highlighted. */
const HIGHLIGHT_MS = 1600;

/**
 * Gives an element the partner's snapshot from the page-wide source, and turns what changed
 * between two snapshots into a short-lived set of highlighted keys and — once per page, not once
 * per element — the `siso-module-completed` and `siso-tier-changed` events.
 */
export class TrainingDataController implements ReactiveController {
  readonly #host: TrainingDataHost;
  #source: (Source & { reload?(): Promise<void> }) | undefined;
  #live = false;
  #unsubscribe: (() => void) | undefined;
  #state: SourceState | undefined;
  #ready = false;
  #reportedError: unknown;
  #highlightTimer: ReturnType<typeof setTimeout> | undefined;
  /** Keys of what changed in the last update (`summary`, `tier`, `rate`, `module:<id>`, …). */
  changed: ReadonlySet<string> = new Set();

  constructor(host: TrainingDataHost) {
    this.#host = host;
    host.addController(this);
  }

  get snapshot(): TrainingSnapshot | undefined {
    return this.#state?.snapshot;
  }
  get error(): unknown {
    return this.#state?.error;
  }
  get loading(): boolean {
    return this.#state?.loading ?? false;
  }
  get connection(): Connection | undefined {
    return this.#state?.connection;
  }
  /** Whether a client is configured at all. */
  get configured(): boolean {
    return this.#source !== undefined;
  }
  get client(): TrainingClient | undefined {
    return this.#source?.client;
  }

  hostConnected(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#source = undefined;
    clearTimeout(this.#highlightTimer);
  }

  /** Follows the host's configuration; the host calls it when a configuring property changes. */
  sync(): void {
    const client = this.#host.resolveClient();
    if (client === this.#source?.client && this.#host.live === this.#live && this.#unsubscribe) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#state = undefined;
    this.#ready = false;
    this.#live = this.#host.live;
    this.#source = client ? (this.#live ? liveSource(client) : loadOnce(client)) : undefined;
    if (this.#source) this.#unsubscribe = this.#source.subscribe((state) => this.#onState(state));
    this.#host.requestUpdate();
  }

  /** Loads again: the error state's retry. */
  retry(): void {
    this.#source?.retry();
  }

  /**
   * After an action whose effect the stream reports: load again when there is no stream, and
   * reconnect now when the stream is down, so the change shows without waiting for the backoff.
   */
  async refreshAfterAction(): Promise<void> {
    if (this.#source?.reload) await this.#source.reload();
    else if (this.connection !== 'live') this.#source?.retry();
  }

  #onState(state: SourceState): void {
    const previous = this.#state?.snapshot;
    this.#state = state;
    const snapshot = state.snapshot;
    // Another partner's data (the same client's token now names someone else) is no change to tell.
    if (snapshot && previous && snapshot !== previous && snapshot.partner.id === previous.partner.id) this.#announce(previous, snapshot);
    if (snapshot && !this.#ready) {
      this.#ready = true;
      // After the first render of the data, so a listener can read the element's DOM.
      void this.#host.updateComplete.then(() => emit(this.#host, 'siso-ready', { snapshot }));
    }
    if (state.error && state.error !== this.#reportedError) {
      this.#reportedError = state.error;
      emit(this.#host, 'siso-error', { error: state.error, action: 'load' });
    }
    this.#host.requestUpdate();
  }

  #announce(previous: TrainingSnapshot, snapshot: TrainingSnapshot): void {
    const changes = changesBetween(previous, snapshot);
    // Once per page, however many elements show this partner.
    tellOnce(this.#host, snapshot, changes);
    // Events arrive in bursts (a completion, then the tier, the rate, recommendations): keep
    // highlighting everything the burst changed.
    this.changed = new Set([...this.changed, ...changes.keys]);
    clearTimeout(this.#highlightTimer);
    this.#highlightTimer = setTimeout(() => {
      this.changed = new Set();
      this.#host.requestUpdate();
    }, HIGHLIGHT_MS);
  }
}

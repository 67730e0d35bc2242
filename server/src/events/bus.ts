import type { TrainingEvent } from '@siso/training-core';

export type EventListener = (events: readonly TrainingEvent[]) => void;

/**
 * Hands committed events to the live subscribers of a partner. Publish only after the
 * transaction that appended them has committed: a subscriber must never see an event that
 * could still roll back.
 */
export interface EventBus {
  publish(partnerId: string, events: readonly TrainingEvent[]): void;
  /** Returns the function that unsubscribes. */
  subscribe(partnerId: string, listener: EventListener): () => void;
  close(): Promise<void>;
}

/** One node: an in-process map of listeners per partner. */
export class LocalEventBus implements EventBus {
  readonly #listeners = new Map<string, Set<EventListener>>();

  publish(partnerId: string, events: readonly TrainingEvent[]): void {
    if (events.length === 0) return;
    const listeners = this.#listeners.get(partnerId);
    if (!listeners) return;
    for (const listener of listeners) listener(events);
  }

  subscribe(partnerId: string, listener: EventListener): () => void {
    let set = this.#listeners.get(partnerId);
    if (!set) this.#listeners.set(partnerId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(partnerId) === set) this.#listeners.delete(partnerId);
    };
  }

  /** How many partners have at least one listener (for /metrics). */
  get partners(): number {
    return this.#listeners.size;
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}

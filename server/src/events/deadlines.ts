import { systemClock, type Clock } from '../time/clock.ts';

/** setTimeout's longest delay; a later deadline is reached through intermediate wake-ups. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface DeadlinesOptions<T> {
  /** Called for each item once its deadline has passed, unless it was removed first. */
  onDue: (item: T) => void;
  /** Deadlines are rounded up to this; items due in the same slot share one wake-up. */
  resolutionMs?: number;
  /** What time it is; default the machine's. The timer only wakes the check: the clock decides what is due. */
  clock?: Clock;
}

/**
 * Deadlines of many items on one timer: items are grouped by the slot their deadline falls in,
 * and the timer is armed for the earliest slot only. Thousands of streams whose tokens expire
 * at different times then cost one set entry each instead of a timer each (a `Timeout`, its own
 * timer list and a closure: about 300 bytes per stream). An item is due at most `resolutionMs`
 * after its deadline, never before.
 *
 * @example
 * const expiries = new Deadlines<Subscriber>({ onDue: (s) => s.writer.end(TOKEN_EXPIRED) });
 * expiries.add(subscriber, expiresAt);
 * expiries.delete(subscriber, expiresAt); // when the stream closes first
 */
export class Deadlines<T> {
  readonly #slots = new Map<number, Set<T>>();
  readonly #onDue: (item: T) => void;
  readonly #resolutionMs: number;
  readonly #clock: Clock;
  #timer: NodeJS.Timeout | undefined;
  /** The slot the timer is armed for; Infinity when disarmed. */
  #armedSlot = Infinity;

  constructor({ onDue, resolutionMs = 1_000, clock = systemClock }: DeadlinesOptions<T>) {
    this.#onDue = onDue;
    this.#resolutionMs = resolutionMs;
    this.#clock = clock;
  }

  add(item: T, at: Date): void {
    const slot = this.#slotOf(at);
    let items = this.#slots.get(slot);
    if (!items) this.#slots.set(slot, (items = new Set()));
    items.add(item);
    if (slot < this.#armedSlot) this.#arm(slot);
  }

  /** Forgets `item`, added with the same `at`. */
  delete(item: T, at: Date): void {
    const slot = this.#slotOf(at);
    const items = this.#slots.get(slot);
    if (!items?.delete(item) || items.size > 0) return;
    this.#slots.delete(slot);
    // The timer may stay armed for the emptied slot: it then wakes once and finds nothing due.
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#armedSlot = Infinity;
    this.#slots.clear();
  }

  #slotOf(at: Date): number {
    return Math.ceil(at.getTime() / this.#resolutionMs);
  }

  #arm(slot: number): void {
    clearTimeout(this.#timer);
    this.#armedSlot = slot;
    const wait = Math.min(MAX_TIMEOUT_MS, Math.max(0, slot * this.#resolutionMs - this.#clock.now().getTime()));
    this.#timer = setTimeout(() => this.fireDue(), wait);
    this.#timer.unref();
  }

  /**
   * Calls every item whose deadline has passed by the clock, and re-arms for the next. The timer
   * calls it; so does whoever moved the clock (a test's `ManualClock` does not wake timers).
   */
  fireDue(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedSlot = Infinity;
    const now = this.#clock.now().getTime();
    const due: Set<T>[] = [];
    let next = Infinity;
    for (const [slot, items] of this.#slots) {
      if (slot * this.#resolutionMs <= now) {
        due.push(items);
        this.#slots.delete(slot);
      } else next = Math.min(next, slot);
    }
    if (next < Infinity) this.#arm(next);
    for (const items of due) for (const item of items) this.#onDue(item);
  }
}

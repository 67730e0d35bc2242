import type { TrainingEvent } from '@siso/training-core';
import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import { readEventsAfter, readLastSeq } from './log.ts';

export type EventListener = (events: readonly TrainingEvent[]) => void;

/**
 * Hands committed events to the live listeners of a partner: in seq order, without gaps, each
 * once. Publish only after the transaction that appended them has committed: a listener must
 * never see an event that could still roll back.
 */
export interface EventBus {
  /** Events this process has just committed; they reach local listeners without a database read. */
  publish(partnerId: string, events: readonly TrainingEvent[]): void;
  /**
   * Starts delivering the partner's events to `listener`. Once the promise resolves, every event
   * that a log read started from then on would not see is delivered to the listener, so
   * "subscribe, then read the log" misses nothing. Resolves with the function that unsubscribes.
   */
  subscribe(partnerId: string, listener: EventListener): Promise<() => void>;
  /** Whether events committed through other nodes reach this one now (for /metrics). */
  readonly listening: boolean;
  /** Times this node has had to reconnect to hear other nodes (for /metrics). */
  readonly reconnects: number;
  close(): Promise<void>;
}

export interface LocalEventBusOptions {
  /** Where gaps are filled from: the event log. */
  db: Db;
  logger: Logger;
  /** Wait before retrying a failed log read. */
  retryMs?: number;
}

/** One partner's feed on this node: its listeners and the last seq handed to them. */
class Feed {
  readonly listeners = new Set<EventListener>();
  /** Every event up to here has been delivered (or was committed before any listener came). */
  cursor = 0;
  /** Highest seq heard of before the cursor was known. */
  heard = 0;
  known = false;
  reading = false;
  again = false;
  closed = false;
  retry: NodeJS.Timeout | undefined;
  ready!: Promise<void>;
}

/**
 * The fan-out of one node. A partner's feed starts at the partner's current seq and then only
 * moves forward: events that continue it are delivered at once; anything else (a gap, a
 * notification from another node, a reconnect) makes it read the log after its cursor, one read
 * at a time per partner. Without PostgreSQL this is the whole bus; `PgEventBus` adds the
 * notifications from other nodes.
 */
export class LocalEventBus implements EventBus {
  readonly #feeds = new Map<string, Feed>();
  readonly #db: Db;
  readonly #logger: Logger;
  readonly #retryMs: number;

  constructor({ db, logger, retryMs = 1_000 }: LocalEventBusOptions) {
    this.#db = db;
    this.#logger = logger;
    this.#retryMs = retryMs;
  }

  publish(partnerId: string, events: readonly TrainingEvent[]): void {
    const feed = this.#feeds.get(partnerId);
    if (!feed || events.length === 0) return;
    if (!feed.known) {
      feed.heard = Math.max(feed.heard, events.at(-1)!.seq);
      return;
    }
    const fresh = events[0]!.seq > feed.cursor ? events : events.filter((e) => e.seq > feed.cursor);
    if (fresh.length === 0) return;
    // Another transaction's events committed between ours and the cursor (or were published out
    // of order): the log has them all, in order. A read in flight skips what this delivers.
    if (fresh[0]!.seq !== feed.cursor + 1) return this.#catchUp(partnerId, feed);
    this.#deliver(feed, fresh);
  }

  /** Another node committed the partner's events up to `seq`. */
  protected notify(partnerId: string, seq: number): void {
    const feed = this.#feeds.get(partnerId);
    if (!feed) return;
    if (!feed.known) feed.heard = Math.max(feed.heard, seq);
    else if (seq > feed.cursor) this.#catchUp(partnerId, feed);
  }

  /** Reads every followed partner's log after its cursor: notifications may have been missed. */
  protected catchUpAll(): void {
    for (const [partnerId, feed] of this.#feeds) if (feed.known) this.#catchUp(partnerId, feed);
  }

  async subscribe(partnerId: string, listener: EventListener): Promise<() => void> {
    let feed = this.#feeds.get(partnerId);
    if (!feed) {
      const created = (feed = new Feed());
      this.#feeds.set(partnerId, created);
      created.ready = this.#start(partnerId, created);
    }
    feed.listeners.add(listener);
    const unsubscribe = () => {
      feed.listeners.delete(listener);
      if (feed.listeners.size === 0) this.#drop(partnerId, feed);
    };
    try {
      await feed.ready;
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }

  /** How many partners have at least one listener on this node (for /metrics). */
  get partners(): number {
    return this.#feeds.size;
  }

  /** One node hears everything: its own commits. */
  get listening(): boolean {
    return true;
  }

  get reconnects(): number {
    return 0;
  }

  async close(): Promise<void> {
    for (const [partnerId, feed] of this.#feeds) this.#drop(partnerId, feed);
  }

  async #start(partnerId: string, feed: Feed): Promise<void> {
    const lastSeq = await readLastSeq(this.#db, partnerId);
    feed.cursor = lastSeq ?? 0;
    feed.known = true;
    if (feed.heard > feed.cursor) this.#catchUp(partnerId, feed);
  }

  #deliver(feed: Feed, events: readonly TrainingEvent[]): void {
    feed.cursor = events.at(-1)!.seq;
    for (const listener of feed.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.#logger.error({ err: error }, 'event listener failed');
      }
    }
  }

  #catchUp(partnerId: string, feed: Feed): void {
    if (feed.reading) {
      feed.again = true;
      return;
    }
    feed.reading = true;
    void this.#read(partnerId, feed);
  }

  async #read(partnerId: string, feed: Feed): Promise<void> {
    const pageSize = 500;
    try {
      do {
        feed.again = false;
        let page: TrainingEvent[];
        do {
          page = await readEventsAfter(this.#db, partnerId, feed.cursor, pageSize);
          if (feed.closed) return;
          // A publish may have moved the cursor while the read was in flight.
          const fresh = page.filter((e) => e.seq > feed.cursor);
          if (fresh.length > 0) this.#deliver(feed, fresh);
        } while (page.length === pageSize);
      } while (feed.again);
    } catch (error) {
      if (feed.closed) return;
      this.#logger.warn({ err: error, partnerId }, 'reading the event log failed; retrying');
      feed.retry = setTimeout(() => {
        feed.retry = undefined;
        if (!feed.closed) this.#catchUp(partnerId, feed);
      }, this.#retryMs);
      feed.retry.unref();
    } finally {
      feed.reading = false;
    }
  }

  #drop(partnerId: string, feed: Feed): void {
    feed.closed = true;
    clearTimeout(feed.retry);
    if (this.#feeds.get(partnerId) === feed) this.#feeds.delete(partnerId);
  }
}

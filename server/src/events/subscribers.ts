import { STREAM_TOKEN_EXPIRED, type TrainingEvent } from '@siso/training-core';
import type { Clock } from '../time/clock.ts';
import type { EventBus } from './bus.ts';
import { Deadlines } from './deadlines.ts';
import { encodeEvents, encodeMessage, HEARTBEAT, type SseWriter } from './sse-writer.ts';

export interface SubscribersOptions {
  bus: EventBus;
  /** The clock token expiries are judged by (the server's). */
  clock: Clock;
  /** Interval of the heartbeat comment, written to every live stream from one timer. */
  heartbeatMs?: number;
  /** Live events a subscriber may collect while its replay runs; beyond that it is dropped. */
  maxPendingEvents?: number;
}

/** One open event stream of a partner. */
export class Subscriber {
  readonly writer: SseWriter;
  readonly group: Group;
  /** When the stream's token expires (shared with other streams of the same token). */
  readonly expiresAt: Date;
  /** The last seq the client has (or will have once its replay is written). */
  lastSeq = 0;
  /** Live events that arrived during the replay; `undefined` once live. */
  pending: TrainingEvent[] | undefined = [];

  constructor(writer: SseWriter, group: Group, expiresAt: Date) {
    this.writer = writer;
    this.group = group;
    this.expiresAt = expiresAt;
  }

  /** Writes what the client has not got yet: never a seq twice, never past a gap. */
  write(events: readonly TrainingEvent[], shared: () => Buffer): void {
    const first = events[0]!.seq;
    const last = events.at(-1)!.seq;
    if (last <= this.lastSeq) return;
    if (first > this.lastSeq + 1) {
      // Cannot happen while the bus is gap-free; if it ever does, the client resumes from the log.
      this.writer.destroy();
      return;
    }
    const bytes = first === this.lastSeq + 1 ? shared() : encodeEvents(events.filter((e) => e.seq > this.lastSeq));
    this.lastSeq = last;
    this.writer.send(bytes);
  }
}

/** A partner's streams on this node, behind one bus listener. */
interface Group {
  readonly partnerId: string;
  readonly subscribers: Set<Subscriber>;
  ready: Promise<void>;
  unsubscribe: (() => void) | undefined;
  gone: boolean;
}

const TOKEN_EXPIRED = encodeMessage(STREAM_TOKEN_EXPIRED, {});

/**
 * The open event streams of this node, grouped by partner. Each partner has one bus listener;
 * an incoming batch is encoded once and the same buffer is written to every subscriber that is
 * exactly up to date, which is all of them but the few that are mid-replay.
 */
export class Subscribers {
  readonly #groups = new Map<string, Group>();
  readonly #bus: EventBus;
  readonly #maxPendingEvents: number;
  readonly #heartbeat: NodeJS.Timeout;
  readonly #expiries: Deadlines<Subscriber>;
  #count = 0;
  #opened = 0;
  #dropped = 0;
  #closed = false;

  constructor({ bus, clock, heartbeatMs = 15_000, maxPendingEvents = 1_000 }: SubscribersOptions) {
    this.#bus = bus;
    this.#expiries = new Deadlines<Subscriber>({ clock, onDue: (s) => s.writer.end(TOKEN_EXPIRED) });
    this.#maxPendingEvents = maxPendingEvents;
    this.#heartbeat = setInterval(() => this.#beat(), heartbeatMs);
    this.#heartbeat.unref();
  }

  /** Open streams on this node (for /metrics). */
  get size(): number {
    return this.#count;
  }

  /** Streams opened on this node since it started (for /metrics). */
  get opened(): number {
    return this.#opened;
  }

  /** Streams cut off because their client fell behind (for /metrics); each resumes from the log. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Registers a stream before its replay is read: from the moment this resolves, live events
   * are collected for it, so the replay that follows misses nothing. It ends with
   * `event: token-expired` once `expiresAt` has passed, and is removed when the client goes away.
   */
  async add(partnerId: string, writer: SseWriter, expiresAt: Date): Promise<Subscriber> {
    // A stream that got here while the node shuts down ends at once: its client reconnects elsewhere.
    if (this.#closed) writer.end();
    const group = this.#groups.get(partnerId) ?? this.#open(partnerId);
    const subscriber = new Subscriber(writer, group, expiresAt);
    group.subscribers.add(subscriber);
    this.#count += 1;
    this.#opened += 1;
    // The expiry first: onClose runs its callback at once for a writer already closed, and the
    // removal must find the expiry to forget it.
    this.#expiries.add(subscriber, expiresAt);
    this.#removeOnClose(subscriber);
    await group.ready;
    return subscriber;
  }

  /** Ends the replay phase at `lastSeq`: writes what came in meanwhile and switches to live. */
  goLive(subscriber: Subscriber, lastSeq: number): void {
    subscriber.lastSeq = lastSeq;
    const pending = subscriber.pending ?? [];
    subscriber.pending = undefined;
    const fresh = pending.filter((e) => e.seq > lastSeq);
    if (fresh.length > 0) subscriber.write(fresh, () => encodeEvents(fresh));
  }

  /** Ends the streams whose token has expired by the clock (the timer does this on its own; a moved clock needs a call). */
  expireDue(): void {
    this.#expiries.fireDue();
  }

  /** Ends every stream, and any that arrives later (server shutdown). */
  close(): void {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    this.#expiries.close();
    for (const group of this.#groups.values()) for (const s of group.subscribers) s.writer.end();
  }

  #open(partnerId: string): Group {
    const group: Group = { partnerId, subscribers: new Set(), ready: Promise.resolve(), unsubscribe: undefined, gone: false };
    this.#groups.set(partnerId, group);
    group.ready = this.#bus
      .subscribe(partnerId, (events) => this.#deliver(group, events))
      .then(
        (unsubscribe) => {
          if (group.gone) unsubscribe();
          else group.unsubscribe = unsubscribe;
        },
        (error: unknown) => {
          this.#close(group);
          throw error;
        },
      );
    return group;
  }

  /** A function of its own, so the closure it leaves with the stream holds nothing else. */
  #removeOnClose(subscriber: Subscriber): void {
    subscriber.writer.onClose(() => this.#remove(subscriber));
  }

  #deliver(group: Group, events: readonly TrainingEvent[]): void {
    let bytes: Buffer | undefined;
    const shared = () => (bytes ??= encodeEvents(events));
    for (const subscriber of group.subscribers) {
      if (!subscriber.pending) subscriber.write(events, shared);
      else if (subscriber.pending.push(...events) > this.#maxPendingEvents) subscriber.writer.cutOff();
    }
  }

  #beat(): void {
    for (const group of this.#groups.values()) {
      for (const s of group.subscribers) if (!s.pending) s.writer.send(HEARTBEAT);
    }
  }

  #remove(subscriber: Subscriber): void {
    const { group } = subscriber;
    if (!group.subscribers.delete(subscriber)) return;
    this.#count -= 1;
    if (subscriber.writer.fellBehind) this.#dropped += 1;
    this.#expiries.delete(subscriber, subscriber.expiresAt);
    if (group.subscribers.size === 0) this.#close(group);
  }

  #close(group: Group): void {
    group.gone = true;
    group.unsubscribe?.();
    if (this.#groups.get(group.partnerId) === group) this.#groups.delete(group.partnerId);
  }
}

import {
  EventDataSchemas,
  STREAM_TOKEN_EXPIRED,
  TrainingSnapshotSchema,
  type TrainingEvent,
  type TrainingEventType,
  type TrainingSnapshot,
} from '@siso/training-core';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ApiError, isTrainingError, NetworkError, ValidationError, type TrainingError } from '../errors.ts';
import { apiError, toTrainingError } from '../http-errors.ts';
import type { TokenSource } from '../token.ts';
import { validate } from '../validate.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import { watchPage, type PageSignals } from './visibility.ts';

/**
 * `connecting`: first attempt; `live`: the stream is open; `reconnecting`: it dropped and a new
 * attempt is under way or waiting out its backoff; `offline`: not trying — the browser is offline,
 * the page has been hidden for long, or the API refused for good (see `onError`).
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface SubscribeHandlers {
  /** The whole state: first on a fresh connection, and whenever the cursor is out of the log's reach. */
  onSnapshot?: (snapshot: TrainingSnapshot) => void;
  /** One event, in seq order, each seq at most once. */
  onEvent?: (event: TrainingEvent) => void;
  onStateChange?: (state: ConnectionState) => void;
  /** A failure; with `willRetry: false` the subscription stays `offline` until `reconnect()`. */
  onError?: (error: TrainingError, info: { willRetry: boolean }) => void;
}

export interface SubscribeOptions {
  /** Resume after this seq (e.g. the `cursor` of a snapshot already in hand); without it the stream starts with a snapshot. */
  since?: number;
  /** Closes the subscription. */
  signal?: AbortSignal;
  /** Ms without a byte (events and `: ping` comments alike) after which the connection counts as dead; default 45 s (three missed 15 s heartbeats). */
  heartbeatTimeout?: number;
  backoff?: BackoffOptions;
  /** Ms a page may stay hidden before the stream is closed until it is visible again; `false` never. Default 5 minutes. Browsers only. */
  pauseWhenHidden?: number | false;
}

export interface Subscription {
  readonly state: ConnectionState;
  /** The seq of the last snapshot or event delivered: where a reconnect resumes. */
  readonly lastSeq: number | undefined;
  /** Connects now: after a refusal that stopped it (a retry button), or instead of waiting out a backoff. */
  reconnect(): void;
  close(): void;
}

/** What `subscribe` needs from its client. */
export interface StreamSource {
  url: string;
  fetch: typeof fetch;
  tokens: TokenSource;
}

/** How one connection ended, and so what the loop does next. */
type Outcome =
  | { kind: 'ended' }
  | { kind: 'refresh' }
  | { kind: 'failed'; error: TrainingError; retryAfter?: number; resync?: boolean }
  | { kind: 'fatal'; error: TrainingError }
  | { kind: 'stopped' };

/**
 * Reads `GET /v1/me/events` with fetch + eventsource-parser, so the token travels in a header
 * (EventSource cannot send one), and keeps it open: resumes with `Last-Event-ID`, backs off with
 * jitter, watches the heartbeat, refreshes the token when the stream says it expired or on 401.
 */
export function subscribe(source: StreamSource, handlers: SubscribeHandlers, options: SubscribeOptions = {}): Subscription {
  return new EventStream(source, handlers, options);
}

class EventStream implements Subscription {
  readonly #source: StreamSource;
  readonly #handlers: SubscribeHandlers;
  readonly #options: SubscribeOptions;
  readonly #page: PageSignals;
  #state: ConnectionState | undefined;
  #lastSeq: number | undefined;
  #closed = false;
  /** The page has been hidden for long: stay closed until it is visible. */
  #paused = false;
  /** The API refused for good: stay closed until `reconnect()`. */
  #halted = false;
  /** The token was just replaced; a 401 now means a refresh does not help. */
  #fresh = false;
  #failures = 0;
  #retryHint = 0;
  #controller: AbortController | undefined;
  #hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | undefined;

  constructor(source: StreamSource, handlers: SubscribeHandlers, options: SubscribeOptions) {
    this.#source = source;
    this.#handlers = handlers;
    this.#options = options;
    this.#lastSeq = options.since;
    this.#page = watchPage(() => this.#pageChanged());
    // A page that loads hidden sends no visibilitychange until it is shown: start its countdown now.
    this.#pageChanged();
    if (options.signal?.aborted) this.close();
    options.signal?.addEventListener('abort', () => this.close(), { once: true });
    void this.#run();
  }

  get state(): ConnectionState {
    return this.#state ?? 'connecting';
  }

  get lastSeq(): number | undefined {
    return this.#lastSeq;
  }

  reconnect(): void {
    this.#halted = false;
    this.#wake?.();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#page.stop();
    clearTimeout(this.#hiddenTimer);
    this.#controller?.abort();
    this.#wake?.();
  }

  async #run(): Promise<void> {
    let everLive = false;
    while (!this.#closed) {
      if (this.#paused || this.#halted || !this.#page.online) {
        this.#set('offline');
        await this.#sleep(Number.POSITIVE_INFINITY);
        continue;
      }
      this.#set(everLive ? 'reconnecting' : 'connecting');
      const outcome = await this.#connect();
      everLive ||= this.#state === 'live';
      if (this.#closed || outcome.kind === 'stopped') continue;
      if (outcome.kind === 'refresh') continue;
      if (outcome.kind === 'fatal') {
        this.#halted = true;
        this.#failures = 0;
        notify(this.#handlers.onError, outcome.error, { willRetry: false });
        continue;
      }
      this.#failures += 1;
      let floor = 0;
      if (outcome.kind === 'failed') {
        if (outcome.resync) this.#lastSeq = undefined;
        floor = outcome.retryAfter ?? 0;
        notify(this.#handlers.onError, outcome.error, { willRetry: true });
      }
      this.#set(this.#page.online ? 'reconnecting' : 'offline');
      const { initial = 1_000, max } = this.#options.backoff ?? {};
      await this.#sleep(backoffDelay(this.#failures, { initial: Math.max(initial, this.#retryHint), ...(max ? { max } : {}) }, floor));
    }
    this.#set('offline');
  }

  async #connect(): Promise<Outcome> {
    const controller = new AbortController();
    this.#controller = controller;
    const { signal } = controller;
    const timeout = this.#options.heartbeatTimeout ?? 45_000;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    // Any byte is a sign of life: events and `: ping` comments reset the watchdog alike.
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => controller.abort(new NetworkError(`The event stream was silent for ${timeout} ms.`)), timeout);
    };
    let ending: Outcome | undefined;
    let token = '';
    try {
      token = await this.#source.tokens.get(signal);
      alive();
      const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
      if (this.#lastSeq !== undefined) headers['last-event-id'] = String(this.#lastSeq);
      const response = await this.#source.fetch(this.#source.url, { headers, signal, cache: 'no-store' });
      if (!response.ok) return await this.#refused(response, token);
      if (!response.body || !/^text\/event-stream/i.test(response.headers.get('content-type') ?? '')) {
        void response.body?.cancel();
        return { kind: 'failed', error: new NetworkError(`${this.#source.url} answered ${response.headers.get('content-type') ?? 'no content type'}, not an event stream.`) };
      }
      this.#set('live');
      this.#fresh = false;
      const parser = createParser({
        onRetry: (ms) => {
          this.#retryHint = ms;
        },
        onEvent: (message) => {
          if (ending) return;
          ending = this.#deliver(message, token);
          if (ending) controller.abort();
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return ending ?? { kind: 'ended' };
        alive();
        parser.feed(value);
      }
    } catch (error) {
      if (ending) return ending;
      if (this.#closed || this.#paused) return { kind: 'stopped' };
      const reason: unknown = signal.aborted ? signal.reason : await toTrainingError(error);
      const mapped = isTrainingError(reason) ? reason : new NetworkError(String(reason), { cause: reason });
      return isFinal(mapped) ? { kind: 'fatal', error: mapped } : { kind: 'failed', error: mapped };
    } finally {
      clearTimeout(watchdog);
    }
  }

  async #refused(response: Response, token: string): Promise<Outcome> {
    const error = await apiError(response);
    if (response.status === 401) return this.#refresh(token, error);
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (isFinal(error)) return { kind: 'fatal', error };
    return retryAfter === undefined ? { kind: 'failed', error } : { kind: 'failed', error, retryAfter };
  }

  /** A new token and at once another attempt — unless the token cannot change or was just replaced. */
  #refresh(token: string, error: TrainingError): Outcome {
    if (!this.#source.tokens.refreshable || this.#fresh) return { kind: 'fatal', error };
    this.#source.tokens.invalidate(token);
    this.#fresh = true;
    return { kind: 'refresh' };
  }

  /** Hands one message to the handlers; returns how the connection ends if this message ends it. */
  #deliver(message: EventSourceMessage, token: string): Outcome | undefined {
    const type = message.event;
    if (type === STREAM_TOKEN_EXPIRED) {
      return this.#refresh(token, new ApiError({ status: 401, title: 'Token expired', detail: 'The widget token expired and cannot be renewed.', headers: new Headers() }));
    }
    try {
      if (type === 'snapshot') {
        const snapshot = validate(TrainingSnapshotSchema, parseJson(message.data, 'The stream snapshot'), 'The stream snapshot');
        this.#lastSeq = snapshot.cursor;
        this.#delivered();
        notify(this.#handlers.onSnapshot, snapshot);
        return undefined;
      }
      const seq = Number(message.id);
      // A replay may overlap what was already delivered: each seq counts once.
      if (!Number.isInteger(seq) || (this.#lastSeq !== undefined && seq <= this.#lastSeq)) return undefined;
      this.#lastSeq = seq;
      // A newer server may stream types this version does not know; skipping them is safe.
      if (type === undefined || !Object.hasOwn(EventDataSchemas, type)) return undefined;
      const known = type as TrainingEventType;
      const what = `The ${known} event ${seq}`;
      const data = validate(EventDataSchemas[known], parseJson(message.data, what), what);
      this.#delivered();
      notify(this.#handlers.onEvent, { seq, type: known, at: new Date().toISOString(), data } as TrainingEvent);
      return undefined;
    } catch (error) {
      // State built on an event that could not be read would be wrong: start over from a snapshot.
      return { kind: 'failed', error: error as ValidationError, resync: true };
    }
  }

  /**
   * The stream works only once it delivers something: a server that accepts and then drops at once
   * must not reset the backoff, or it would be hit every second forever.
   */
  #delivered(): void {
    this.#failures = 0;
  }

  #set(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    notify(this.#handlers.onStateChange, state);
  }

  #pageChanged(): void {
    const pauseAfter = this.#options.pauseWhenHidden ?? 5 * 60_000;
    if (this.#page.hidden) {
      if (pauseAfter !== false && this.#hiddenTimer === undefined) {
        this.#hiddenTimer = setTimeout(() => {
          this.#paused = true;
          this.#controller?.abort();
        }, pauseAfter);
      }
      return;
    }
    clearTimeout(this.#hiddenTimer);
    this.#hiddenTimer = undefined;
    this.#paused = false;
    // Visible again or back online: no reason to sit out the rest of a backoff.
    if (this.#page.online) this.#wake?.();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => done(), ms) : undefined;
      const done = () => {
        clearTimeout(timer);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      this.#wake = done;
    });
  }
}

/** A refusal that retrying will not change: a 4xx other than timeout and rate limit. */
function isFinal(error: TrainingError): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(what, [{ path: '', code: 'invalid_json', message: 'is not JSON' }]);
  }
}

/**
 * Calls a handler without letting it break the stream: what it throws is reported as uncaught
 * (console, `error` event, `uncaughtException`), not treated as a failed connection.
 */
function notify<A extends unknown[]>(handler: ((...args: A) => void) | undefined, ...args: A): void {
  if (!handler) return;
  try {
    handler(...args);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

import {
  EventDataSchemas,
  STREAM_TOKEN_EXPIRED,
  STREAM_UNAVAILABLE,
  TrainingSnapshotSchema,
  type TrainingEvent,
  type TrainingEventType,
  type TrainingSnapshot,
} from '@siso/training-core';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ApiError, asTrainingError, NetworkError, type TrainingError, type ValidationError } from '../errors.ts';
import { apiError, problemError, toTrainingError } from '../http-errors.ts';
import type { TokenSource } from '../token.ts';
import { parseJson, validate, validateJson } from '../validate.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';

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

/**
 * How one connection ended, and so what the loop does next: `undefined`, the stream ended (or was
 * stopped); `'refresh'`, connect again at once with a new token; an error, a failure — one that
 * retrying will not change (`isFinal`) stops the loop until `reconnect()`.
 */
type Outcome = TrainingError | 'refresh' | undefined;

/**
 * Reads `GET /v1/me/events` with fetch + eventsource-parser, so the token travels in a header
 * (EventSource cannot send one), and keeps it open: resumes with `Last-Event-ID`, backs off with
 * jitter, watches the heartbeat, refreshes the token when the stream says it expired or on 401.
 */
export function subscribe(source: StreamSource, handlers: SubscribeHandlers, options: SubscribeOptions = {}): Subscription {
  const { tokens } = source;
  let state: ConnectionState | undefined;
  let lastSeq = options.since;
  let closed = false;
  /** The page has been hidden for long: stay closed until it is visible. */
  let paused = false;
  /** The API refused for good: stay closed until `reconnect()`. */
  let halted = false;
  /** The token was just replaced; a 401 now means a refresh does not help. */
  let fresh = false;
  /** Connections in a row that delivered nothing; the backoff grows with them. */
  let failures = 0;
  /** The server's `retry:` hint, which raises the first backoff delay. */
  let retryHint = 0;
  let controller: AbortController | undefined;
  let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  /** Ends the current wait (a backoff, or offline) early. */
  let wake: (() => void) | undefined;

  const set = (next: ConnectionState) => {
    if (state !== next) notify(handlers.onStateChange, (state = next));
  };

  // The page, in browsers: whether anyone can see it, and whether there is a network. In Node
  // there is no document and no `online` event, so it is always visible and online.
  const doc = globalThis.document as Document | undefined;
  // Only a definite "offline" counts: `onLine === true` says little, and some runtimes lack it.
  // Going offline needs no listener: the next attempt fails, and then the loop waits for `online`.
  const online = () => globalThis.navigator?.onLine !== false;

  const pageChanged = () => {
    const pauseAfter = options.pauseWhenHidden ?? 5 * 60_000;
    if (doc?.visibilityState === 'hidden') {
      if (pauseAfter !== false) {
        hiddenTimer ??= setTimeout(() => {
          paused = true;
          controller?.abort();
        }, pauseAfter);
      }
      return;
    }
    clearTimeout(hiddenTimer);
    hiddenTimer = undefined;
    paused = false;
    // Visible again or back online: no reason to sit out the rest of a backoff.
    if (online()) wake?.();
  };
  const watchPage = (method: 'addEventListener' | 'removeEventListener') => {
    doc?.[method]('visibilitychange', pageChanged);
    // The window's (or a worker's) `online` event.
    globalThis[method]?.('online', pageChanged);
  };

  const close = () => {
    if (closed) return;
    closed = true;
    watchPage('removeEventListener');
    clearTimeout(hiddenTimer);
    controller?.abort();
    wake?.();
  };

  /** Waits `ms`, or until woken (`Infinity`: only then). */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = ms < Infinity ? setTimeout(() => wake?.(), ms) : undefined;
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  /** Connect again at once (with a new token, once the refused one is invalidated). */
  const refresh = (): Outcome => {
    fresh = true;
    return 'refresh';
  };

  /** Hands one message to the handlers; returns how the connection ends if this message ends it. */
  const deliver = ({ event: type, id, data }: EventSourceMessage, token: string): Outcome => {
    // If the token cannot be renewed, the API's 401 to the next attempt says so, and ends it.
    if (type === STREAM_TOKEN_EXPIRED) {
      tokens.invalidate(token);
      return refresh();
    }
    // A refusal that waiting changes (the database away: 503, the rate limit: 429), told as a
    // short stream so a plain EventSource keeps reconnecting. The stream's `retry:` stands for
    // the refusal's Retry-After: no sooner than that.
    if (type === STREAM_UNAVAILABLE) {
      const problem = tryJson(data);
      const headers = new Headers(retryHint > 0 ? { 'retry-after': String(retryHint / 1000) } : {});
      return problemError(refusalStatus(problem), problem, headers);
    }
    try {
      if (type === 'snapshot') {
        const snapshot = validateJson(TrainingSnapshotSchema, data, 'The stream snapshot');
        lastSeq = snapshot.cursor;
        // The stream works only once it delivers something: a server that accepts and then
        // drops at once must not reset the backoff, or it would be hit every second forever.
        failures = 0;
        notify(handlers.onSnapshot, snapshot);
        return;
      }
      const seq = Number(id);
      // A replay may overlap what was already delivered: each seq counts once.
      if (!Number.isInteger(seq) || (lastSeq !== undefined && seq <= lastSeq)) return;
      lastSeq = seq;
      // A newer server may stream types this version does not know; skipping them is safe.
      if (type === undefined || !Object.hasOwn(EventDataSchemas, type)) return;
      const known = type as TrainingEventType;
      const what = `The ${known} event ${seq}`;
      const json = parseJson(data, what) as { at?: unknown };
      const parsed = validate(EventDataSchemas[known], json, what);
      failures = 0;
      // `at`, beside the payload, is when the server committed the event; a server without it
      // gets the time of arrival, which is wrong only for events replayed after a gap.
      notify(handlers.onEvent, {
        seq,
        type: known,
        at: typeof json.at === 'string' ? json.at : new Date().toISOString(),
        data: parsed,
      } as TrainingEvent);
    } catch (error) {
      // State built on an event that could not be read would be wrong: start over from a snapshot.
      lastSeq = undefined;
      return error as ValidationError;
    }
  };

  const connect = async (): Promise<Outcome> => {
    const current = (controller = new AbortController());
    const { signal } = current;
    const timeout = options.heartbeatTimeout ?? 45_000;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    // Any byte is a sign of life: events and `: ping` comments reset the watchdog alike.
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => current.abort(new NetworkError(`The event stream was silent for ${timeout} ms.`)), timeout);
    };
    let ending: Outcome;
    let token = '';
    try {
      token = await tokens.get(signal);
      alive();
      const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
      if (lastSeq !== undefined) headers['last-event-id'] = String(lastSeq);
      const response = await source.fetch(source.url, { headers, signal, cache: 'no-store' });
      if (!response.ok) {
        const error = await apiError(response);
        // A new token helps, unless the token was just replaced or cannot change (`invalidate` says).
        return response.status === 401 && !fresh && tokens.invalidate(token) ? refresh() : error;
      }
      const type = response.headers.get('content-type');
      if (!response.body || !/^text\/event-stream/i.test(type ?? '')) {
        void response.body?.cancel();
        return new NetworkError(`${source.url} answered ${type ?? 'no content type'}, not an event stream.`);
      }
      let opened = false;
      const parser = createParser({
        onRetry: (ms) => (retryHint = ms),
        onEvent: (message) => {
          if (!ending && (ending = deliver(message, token))) current.abort();
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return ending;
        alive();
        parser.feed(value);
        // Live once the first bytes are read and did not end the stream (an outage's first bytes do).
        if (!opened && !ending) {
          opened = true;
          set('live');
          fresh = false;
        }
      }
    } catch (error) {
      // Aborted on purpose: by a message that ended the stream, by close() or by a long-hidden page.
      if (ending || closed || paused) return ending;
      const reason: unknown = signal.aborted ? signal.reason : await toTrainingError(error);
      return asTrainingError(reason);
    } finally {
      clearTimeout(watchdog);
    }
  };

  const run = async () => {
    let everLive = false;
    while (!closed) {
      if (paused || halted || !online()) {
        set('offline');
        await sleep(Infinity);
        continue;
      }
      set(everLive ? 'reconnecting' : 'connecting');
      const outcome = await connect();
      everLive ||= state === 'live';
      if (closed || paused || outcome === 'refresh') continue;
      if (outcome && isFinal(outcome)) {
        halted = true;
        failures = 0;
        notify(handlers.onError, outcome, { willRetry: false });
        continue;
      }
      failures += 1;
      if (outcome) notify(handlers.onError, outcome, { willRetry: true });
      set(online() ? 'reconnecting' : 'offline');
      const initial = Math.max(options.backoff?.initial ?? 1_000, retryHint);
      await sleep(backoffDelay(failures, { ...options.backoff, initial }, retryAfter(outcome)));
    }
    set('offline');
  };

  // A page that loads hidden sends no visibilitychange until it is shown: start its countdown now.
  watchPage('addEventListener');
  pageChanged();
  if (options.signal?.aborted) close();
  options.signal?.addEventListener('abort', close, { once: true });
  void run();

  return {
    get state() {
      return state ?? 'connecting';
    },
    get lastSeq() {
      return lastSeq;
    },
    reconnect() {
      halted = false;
      wake?.();
    },
    close,
  };
}

/** The status a stream's `unavailable` problem carries: 429 or 503 (what an older server sent without one). */
function refusalStatus(problem: unknown): 429 | 503 {
  return (problem as { status?: unknown } | undefined)?.status === 429 ? 429 : 503;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A refusal that retrying will not change: a 4xx other than timeout and rate limit. */
function isFinal(error: TrainingError): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/**
 * A refusal's `Retry-After` in ms: delay-seconds, or (what is not a positive number) an HTTP date;
 * 0 without a usable one.
 */
function retryAfter(error: TrainingError | undefined): number {
  const value = error instanceof ApiError ? error.headers.get('retry-after') : null;
  const ms = value ? Number(value) * 1000 || Date.parse(value) - Date.now() : 0;
  return ms > 0 && ms < Infinity ? ms : 0;
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

import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TrainingEvent } from '@siso/training-core';

/** One SSE message. `JSON.stringify` escapes line breaks, so `data` is always a single line. */
export function encodeMessage(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Log events as the bytes of their SSE messages: `id: seq`, `event: type`, and `data: event.data`
 * with the event's `at` beside the payload (SSE has no field for it), so that events replayed
 * after a gap keep the time they happened.
 */
export function encodeEvents(events: readonly TrainingEvent[]): Buffer {
  let text = '';
  for (const e of events) text += encodeMessage(e.type, { ...e.data, at: e.at }, e.seq);
  return Buffer.from(text);
}

/** A `retry:` field: the delay a client waits before it reconnects, from now on. */
export function encodeRetry(ms: number): string {
  return `retry: ${ms}\n\n`;
}

/** A comment line: keeps proxies and clients from judging an idle stream dead. */
export const HEARTBEAT = Buffer.from(':\n\n');

export interface SseWriterOptions {
  /** Headers set before the route ran (CORS, request id); the stream's own replace theirs. */
  headers?: Headers;
  /** Written with the head, in the same write (a stream that ends at once). */
  first?: string;
  /** Reconnect delay the client should use (`retry:`). */
  retryMs: number;
  /** A client this far behind on live events is disconnected; it resumes from the log. */
  maxBufferedBytes: number;
}

/** Headers the stream sets itself; the same names among the route's headers are dropped. */
export const STREAM_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform: intermediaries must not compress or rewrite; the stream is never compressed here.
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  // No length and no chunked framing: the body runs until the connection closes, as an event
  // stream does anyway, so each message goes to the socket as it is (see `send`).
  connection: 'close',
};
const OWN_HEADERS = new Set([...Object.keys(STREAM_HEADERS), 'content-length', 'transfer-encoding', 'date']);

/**
 * A `text/event-stream` response written to the connection's socket directly, chosen by
 * measurement (docs/live-updates.md): Hono's `streamSSE` goes through a web `ReadableStream`
 * per connection and costs 2–2.5× the CPU per delivered message; Node's chunked `res.write`
 * still spends about 75% more user CPU per message than a plain socket write. Bytes passed to
 * `send` are written as they are, so one buffer serves every subscriber of a partner.
 *
 * The head is written to the socket too, and Node's response object is left unused: a stream
 * lives for hours, and whatever the response holds on to (the header string Node builds, the
 * request the adapter's listener keeps for its abort signal, the request's headers) would stay in
 * memory as long.
 */
export class SseWriter {
  readonly #socket: Socket | null;
  readonly #maxBufferedBytes: number;
  #closed: boolean;
  #fellBehind = false;
  #onClose: (() => void) | undefined;

  constructor(res: ServerResponse, { headers, retryMs, maxBufferedBytes, first = '' }: SseWriterOptions) {
    this.#maxBufferedBytes = maxBufferedBytes;
    // Null when the client left before the route ran: the stream is then closed from the start.
    const socket = res.socket && !res.socket.destroyed ? res.socket : null;
    this.#socket = socket;
    this.#closed = socket === null;
    releaseRequest(res);
    if (!socket) return;
    // Sends the head at once, so the client knows it is connected before any database read.
    socket.write(responseHead(headers) + encodeRetry(retryMs) + first);
    socket.on('close', () => this.#gone());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Whether the stream was cut off because the client fell behind. */
  get fellBehind(): boolean {
    return this.#fellBehind;
  }

  /** Calls `listener` once the client has gone or the stream has ended; one listener per stream. */
  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#onClose = listener;
  }

  /**
   * Writes live bytes; a client that has let more than `maxBufferedBytes` pile up is cut off
   * instead of buffered without bound. Returns false when the stream is (now) closed.
   */
  send(bytes: Buffer): boolean {
    if (this.#closed) return false;
    // Measured before writing: a write the socket takes at once still counts until the next tick.
    const socket = this.#socket!;
    if (socket.writableLength > this.#maxBufferedBytes) {
      this.cutOff();
      return false;
    }
    socket.write(bytes);
    return true;
  }

  /** Writes a replay or snapshot, waiting for the client to take it before the next page. */
  async sendAndDrain(bytes: Buffer | string): Promise<void> {
    if (this.#closed) return;
    const socket = this.#socket!;
    if (socket.write(bytes)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }

  /** Ends the stream, optionally after a last message; the connection closes once it is out. */
  end(last?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    const socket = this.#socket!;
    if (last !== undefined) socket.write(last);
    socket.destroySoon();
  }

  /** Drops the connection without a goodbye (a broken stream: the client resumes from the log). */
  destroy(): void {
    this.#closed = true;
    this.#socket?.destroy();
  }

  /** Drops a client that fell behind; it resumes from the log once it reconnects. */
  cutOff(): void {
    this.#fellBehind = true;
    this.destroy();
  }

  #gone(): void {
    this.#closed = true;
    const listener = this.#onClose;
    this.#onClose = undefined;
    listener?.();
  }
}

/** The status line and headers of the stream: the route's (CORS, request id) and its own. */
function responseHead(headers: Headers | undefined): string {
  let head = 'HTTP/1.1 200 OK\r\n';
  // Header names and values have been validated by `Headers`: no line breaks can get in.
  headers?.forEach((value, name) => {
    if (!OWN_HEADERS.has(name)) head += `${name}: ${value}\r\n`;
  });
  for (const name in STREAM_HEADERS) head += `${name}: ${STREAM_HEADERS[name]}\r\n`;
  return `${head}date: ${new Date().toUTCString()}\r\n\r\n`;
}

/**
 * Lets go of what the stream no longer needs of the request and response. The listener
 * @hono/node-server puts on the response aborts the request's signal when the connection closes,
 * and so keeps the whole request (its `Request`, headers and abort controller, about 3 KB) alive
 * as long as the connection; the stream watches its socket itself. Node's own request object stays
 * reachable from the connection too, with every header it arrived with (the bearer token, a
 * browser's user agent and client hints, cookies on the same origin: about 1.8 KB of heap per
 * stream in the fan-out benchmark); everything the route needed from them has been read.
 */
function releaseRequest(res: ServerResponse): void {
  res.removeAllListeners('close');
  res.req.rawHeaders = [];
  res.req.headers = {};
}

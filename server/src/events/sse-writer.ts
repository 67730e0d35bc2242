import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TrainingEvent } from '@siso/training-core';

/** One SSE message. `JSON.stringify` escapes line breaks, so `data` is always a single line. */
export function encodeMessage(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Log events as the bytes of their SSE messages (`id: seq`, `event: type`, `data: event.data`). */
export function encodeEvents(events: readonly TrainingEvent[]): Buffer {
  let text = '';
  for (const e of events) text += encodeMessage(e.type, e.data, e.seq);
  return Buffer.from(text);
}

/** A comment line: keeps proxies and clients from judging an idle stream dead. */
export const HEARTBEAT = Buffer.from(':\n\n');

export interface SseWriterOptions {
  /** Headers set before the route ran (CORS, request id); their content type and length are replaced. */
  headers?: Headers;
  /** Reconnect delay the client should use (`retry:`). */
  retryMs: number;
  /** A client this far behind on live events is disconnected; it resumes from the log. */
  maxBufferedBytes: number;
}

/**
 * A `text/event-stream` response written to the connection's socket directly, chosen by
 * measurement (docs/live-updates.md): Hono's `streamSSE` goes through a web `ReadableStream`
 * per connection and costs 2–2.5× the CPU per delivered message; Node's chunked `res.write`
 * still spends about 75% more user CPU per message than a plain socket write. Bytes passed to
 * `send` are written as they are, so one buffer serves every subscriber of a partner.
 */
export class SseWriter {
  readonly #res: ServerResponse;
  readonly #maxBufferedBytes: number;
  readonly #socket: Socket | null;
  #closed = false;

  constructor(res: ServerResponse, { headers, retryMs, maxBufferedBytes }: SseWriterOptions) {
    this.#res = res;
    this.#maxBufferedBytes = maxBufferedBytes;
    const head: Record<string, string> = {};
    headers?.forEach((value, name) => {
      if (name !== 'content-type' && name !== 'content-length') head[name] = value;
    });
    // No chunked framing: the body runs until the connection closes, as an event stream does
    // anyway, so each message is written to the socket as it is (see `send`).
    res.useChunkedEncodingByDefault = false;
    res.writeHead(200, {
      ...head,
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: intermediaries must not compress or rewrite; the stream is never compressed here.
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    res.once('close', () => {
      this.#closed = true;
    });
    // Sends the head at once, so the client knows it is connected before any database read.
    res.write(`retry: ${retryMs}\n\n`);
    // Null when the client left before the route ran: the stream is then closed from the start.
    this.#socket = res.socket;
    if (!this.#socket) this.#closed = true;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Calls `listener` once the client has gone or the stream has ended. */
  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#res.once('close', listener);
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
      this.destroy();
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

  /** Ends the stream, optionally after a last message. */
  end(last?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#res.end(last);
  }

  /** Drops the connection without a goodbye (slow or misbehaving client). */
  destroy(): void {
    this.#closed = true;
    this.#res.destroy();
  }
}

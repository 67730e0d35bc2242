// A minimal event-stream reader for tests: fetch + eventsource-parser, as the SDK reads it,
// keeping the raw text too so tests can assert on frames.
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface OpenStreamOptions {
  token: string;
  lastEventId?: string;
  query?: string;
}

export class TestStream {
  readonly messages: EventSourceMessage[] = [];
  comments = 0;
  retry: number | undefined;
  raw = '';
  /** Resolves when the server ends the stream or the connection breaks. */
  readonly ended: Promise<void>;
  readonly response: Response;
  readonly #abort: AbortController;
  #over = false;
  #changed: () => void = () => {};

  private constructor(response: Response, abort: AbortController) {
    this.response = response;
    this.#abort = abort;
    const parser = createParser({
      onEvent: (m) => {
        this.messages.push(m);
        this.#changed();
      },
      onComment: () => {
        this.comments += 1;
        this.#changed();
      },
      onRetry: (ms) => (this.retry = ms),
    });
    this.ended = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
          const text = decoder.decode(chunk, { stream: true });
          this.raw += text;
          parser.feed(text);
        }
      } catch {
        // aborted or reset: the stream is over either way
      }
      this.#over = true;
      this.#changed();
    })();
  }

  static async open(base: string, { token, lastEventId, query = '' }: OpenStreamOptions): Promise<TestStream> {
    const abort = new AbortController();
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await fetch(`${base}/v1/me/events${query}`, { headers, signal: abort.signal });
    return new TestStream(response, abort);
  }

  /** The log's events (those with an id, other than the snapshot), as parsed JSON with their seq. */
  get events(): { seq: number; type: string; data: unknown }[] {
    return this.messages
      .filter((m) => m.event !== 'snapshot' && m.id !== undefined)
      .map((m) => ({ seq: Number(m.id), type: m.event ?? 'message', data: JSON.parse(m.data) }));
  }

  /**
   * Waits until `ready(this)` holds, checked at each message and comment; fails if the stream ends
   * first. No deadline of its own: one that never comes is the test's timeout, however slow the machine.
   */
  async until(ready: (s: TestStream) => boolean): Promise<void> {
    while (!ready(this)) {
      if (this.#over) throw new Error(`the stream ended before the condition held; got:\n${this.raw.slice(-2_000)}`);
      await new Promise<void>((resolve) => (this.#changed = resolve));
    }
  }

  close(): void {
    this.#abort.abort();
  }
}

// What a standard EventSource (the `eventsource` package) did, in order, for tests that follow one.
import { EventSource } from 'eventsource';

export type Seen =
  | { kind: 'response'; status: number; contentType: string | null }
  | { kind: 'open' }
  | { kind: 'error'; readyState: number; code: number | undefined }
  | { kind: 'message'; type: string; data: string; lastEventId: string };
type Entry<K extends Seen['kind']> = Extract<Seen, { kind: K }>;

/** What an EventSource did, in order; a test waits for the next thing after a point. */
export class Journal {
  readonly entries: Seen[] = [];
  #changed = () => {};

  add(entry: Seen): void {
    this.entries.push(entry);
    this.#changed();
  }

  /** The first entry of `kind` at or after index `from` that `match`es, once there is one. */
  async next<K extends Seen['kind']>(
    kind: K,
    from: number,
    match: (entry: Entry<K>) => boolean = () => true,
  ): Promise<{ entry: Entry<K>; index: number }> {
    for (;;) {
      const index = this.entries.findIndex((e, i) => i >= from && e.kind === kind && match(e as Entry<K>));
      if (index >= 0) return { entry: this.entries[index] as Entry<K>, index };
      await new Promise<void>((resolve) => (this.#changed = resolve));
    }
  }
}

/**
 * A standard EventSource on `url` whose every step goes into a journal. All a plain EventSource
 * lacks here is the token header: each attempt sends `token()`'s.
 */
export function journaled(url: string, token: () => Promise<string>, types: readonly string[]): { source: EventSource; journal: Journal } {
  const journal = new Journal();
  const source = new EventSource(url, {
    fetch: async (input, init) => {
      const response = await fetch(input, { ...init, headers: { ...init.headers, authorization: `Bearer ${await token()}` } });
      journal.add({ kind: 'response', status: response.status, contentType: response.headers.get('content-type') });
      return response;
    },
  });
  source.addEventListener('open', () => journal.add({ kind: 'open' }));
  source.addEventListener('error', (e) => journal.add({ kind: 'error', readyState: source.readyState, code: e.code }));
  for (const type of types) {
    source.addEventListener(type, (e: MessageEvent<string>) =>
      journal.add({ kind: 'message', type, data: e.data, lastEventId: e.lastEventId }),
    );
  }
  return { source, journal };
}

// Test support: a fetch that records each call and what its response body has handed to the
// caller, so that a test knows when a client has read something (and then moves a fake clock)
// instead of waiting and hoping it has.

/** Taken before any test fakes the timers: waiting on it never moves a fake clock. */
const realSetTimeout = globalThis.setTimeout;
const realSetImmediate = globalThis.setImmediate;

export interface RecordedCall {
  /** `Date.now()` when the call was made: a fake clock's time under fake timers. */
  at: number;
  headers: Headers;
  /** The response body so far, as far as the caller has read it. */
  text: string;
  /** The body has ended, failed or been cancelled. */
  done: boolean;
}

/**
 * @example
 * const net = recordingFetch();
 * const client = new TrainingClient({ apiBase, token, fetch: net.fetch });
 * await waitUntil(() => net.calls[0]?.text.includes(': ping'));
 */
export function recordingFetch(inner: typeof fetch = globalThis.fetch): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const recording: typeof fetch = async (input, init) => {
    const call: RecordedCall = { at: Date.now(), headers: new Headers(init?.headers), text: '', done: false };
    calls.push(call);
    const response = await inner(input, init);
    if (!response.body) {
      call.done = true;
      return response;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    // Pulled only when the caller reads, so `text` is what the caller has asked for and got.
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const { done, value } = await reader.read();
            if (done) {
              call.done = true;
              controller.close();
              return;
            }
            call.text += decoder.decode(value, { stream: true });
            controller.enqueue(value);
          } catch (error) {
            call.done = true;
            controller.error(error);
          }
        },
        async cancel(reason) {
          call.done = true;
          await reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch: recording, calls };
}

/**
 * Resolves once `condition()` holds, then lets the caller's reaction to it run (it follows in
 * microtasks). Polls on the real timers, so it works under fake ones and moves no clock; it has no
 * deadline of its own: one that never holds is the test's timeout.
 */
export async function waitUntil(condition: () => unknown): Promise<void> {
  while (!condition()) await new Promise((resolve) => realSetTimeout(resolve, 2));
  await new Promise((resolve) => realSetImmediate(resolve));
}

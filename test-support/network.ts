// A network a browser test can break: for the SDK's and the elements' live-update tests.

/**
 * A fetch whose event streams the test can cut, as a dropped network would, and whose next
 * stream requests it can hold back, so that something happens while no stream is open. Other
 * requests (snapshot, actions) pass through untouched.
 */
export function cuttableFetch() {
  const open = new Set<AbortController>();
  const streamRequests: Headers[] = [];
  let held: Promise<void> | undefined;
  let release = () => {};
  const fetchImpl: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (headers.get('accept') !== 'text/event-stream') return fetch(input, init);
    streamRequests.push(headers);
    await held;
    const cut = new AbortController();
    init.signal?.addEventListener('abort', () => cut.abort(init.signal?.reason));
    open.add(cut);
    return fetch(input, { ...init, signal: cut.signal });
  };
  return {
    fetch: fetchImpl,
    /** The headers of every event-stream request, in order. */
    streamRequests,
    /** Cuts every open stream and holds the next stream requests until `release()`. */
    cutAndHold() {
      held = new Promise((resolve) => (release = resolve));
      for (const c of open) c.abort(new TypeError('network connection lost'));
      open.clear();
    },
    release() {
      held = undefined;
      release();
    },
  };
}

import { STREAM_UNAVAILABLE } from '@siso/training-core';
import { createMiddleware } from 'hono/factory';
import { encodeMessage, encodeRetry, STREAM_HEADERS } from './sse-writer.ts';

/** What the client is told to wait when the refusal names no Retry-After. */
const DEFAULT_RETRY_MS = 5_000;

/**
 * A refusal as the end of an event stream: `retry:` (its Retry-After) and `event: unavailable`
 * with the problem, no `id:` (the client's cursor stays). An `EventSource`, the HTML standard's
 * and the libraries that follow it, treats any status but 200 or any other content type as fatal
 * and never reconnects; after a 200 stream that ends it reconnects by itself, waiting `retry:`.
 * Not `event: error`: an EventSource would hand that to `onerror`, where its own connection errors go.
 */
export function refusalMessage(problem: object, retryAfter: string | undefined): { retryMs: number; message: string } {
  const seconds = Number(retryAfter);
  const retryMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_MS;
  return { retryMs, message: encodeMessage(STREAM_UNAVAILABLE, problem) };
}

/**
 * For an event-stream route: a GET refused with what waiting will change (429 rate limited, 503
 * the database away), whether by the guard or the handler, is answered as a 200 stream that ends
 * at once with `refusalMessage`, so that a plain EventSource keeps reconnecting. Any other
 * refusal (401, 404, …) keeps its status, which an EventSource treats as final, as it should;
 * HEAD is no EventSource's request and gets the problem.
 */
export const streamRefusals = createMiddleware(async function streamRefusals(c, next) {
  await next();
  const refused = c.res;
  if (c.req.method !== 'GET' || (refused.status !== 429 && refused.status !== 503)) return;
  if (!refused.headers.get('content-type')?.startsWith('application/problem+json')) return;
  const { retryMs, message } = refusalMessage((await refused.json()) as object, refused.headers.get('retry-after') ?? undefined);
  const headers = new Headers(refused.headers);
  for (const name of ['content-type', 'content-length', 'retry-after']) headers.delete(name);
  const { connection: _perConnection, ...stream } = STREAM_HEADERS;
  for (const [name, value] of Object.entries(stream)) headers.set(name, value);
  c.res = new Response(encodeRetry(retryMs) + message, { status: 200, headers });
});

import { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import * as z from 'zod';
import type { Db } from '../db/database.ts';
import { isDatabaseUnavailable } from '../errors/database.ts';
import { notFound, Problem, unavailable } from '../errors/problem.ts';
import { described } from '../http/params.ts';
import { route, type Route } from '../http/route.ts';
import { readEventsAfter, readLastSeq } from '../events/log.ts';
import { encodeEvents, encodeMessage, encodeRetry, SseWriter, STREAM_HEADERS } from '../events/sse-writer.ts';
import { refusalMessage } from '../events/stream-refusal.ts';
import type { Subscribers } from '../events/subscribers.ts';
import type { Services } from '../services.ts';
import { loadSnapshot } from '../training/snapshot.ts';
import type { Clock } from '../time/clock.ts';
import '../context.ts';

export interface EventRoutesOptions {
  subscribers: Subscribers;
  /** The `retry:` hint: how long a plain EventSource waits before it reconnects. */
  retryMs?: number;
}

const REPLAY_PAGE = 500;
const EventsQuery = z.object({
  since: z.optional(described(z.string(), 'Seq of the last event applied (instead of the Last-Event-ID header)')),
});

/**
 * `GET /v1/me/events`: the partner's live event stream (Server-Sent Events). With
 * `Last-Event-ID` (or `?since=`) it replays the log after that seq, else or when the log no
 * longer reaches back that far it starts with `event: snapshot`; then it is live.
 */
export function eventRoutes(services: Services, { subscribers, retryMs = 3_000 }: EventRoutesOptions): Route[] {
  const { db, publicUrl, clock } = services;
  const maxBufferedBytes = services.config.events.maxBufferedBytes;
  return [
    route({
      method: 'get',
      path: '/v1/me/events',
      summary: 'Live updates (Server-Sent Events): replay after Last-Event-ID or ?since=, else a snapshot first',
      tag: 'partner',
      security: 'widget',
      query: EventsQuery,
      responses: {
        200: {
          description:
            'An endless event stream. To a client that accepts `text/event-stream`, a refusal that waiting will change (the database cannot be reached, or the rate limit) is a short one instead: `retry:` and `event: unavailable` (the 503 or 429 problem), then its end',
          contentType: 'text/event-stream',
        },
      },
      handle: async (c, { query }) => {
        const partnerId = c.var.partnerId;
        const cursor = parseCursor(c.req.header('last-event-id') ?? query.since);
        const res = c.env?.outgoing;
        // The stream is written to the HTTP/1.1 connection directly (see SseWriter); HTTP/2 belongs to the proxy.
        if (!(res instanceof ServerResponse)) throw new Error('GET /v1/me/events needs @hono/node-server over HTTP/1.1');
        const log = c.var.log;
        // Were the database away, the 503 this throws reaches an EventSource as a short stream (`streamRefusals`).
        const lastSeq = await readLastSeq(db, partnerId);
        if (lastSeq === null) throw notFound('The partner named by this token does not exist.');
        // Hono answers HEAD with the GET route: the head of a stream, without the stream.
        if (c.req.method === 'HEAD') return c.body(null, 200, STREAM_HEADERS);

        // Reading c.res makes Hono copy the marker response below instead of adding headers to the
        // shared instance; its headers (CORS, request id) go out with the stream's head.
        const writer = new SseWriter(res, { headers: c.res.headers, retryMs, maxBufferedBytes });
        void stream({ db, subscribers, writer, partnerId, cursor, lastSeq, expiresAt: c.var.tokenExpiresAt, publicUrl, clock }).catch(
          (error: unknown) => {
            log.warn({ err: error, partnerId }, 'event stream failed; the client will resume');
            if (!isDatabaseUnavailable(error)) return writer.end();
            const { retryMs, message } = outage(c.req.path, error);
            writer.end(encodeRetry(retryMs) + message);
          },
        );
        return RESPONSE_ALREADY_SENT;
      },
    }),
  ];
}

/** How a stream under way ends when the database cannot be reached: as `streamRefusals` answers a new one. */
function outage(instance: string, cause: unknown): { retryMs: number; message: string } {
  const problem = unavailable('The database cannot be reached; the stream resumes after the retry delay.', cause);
  return refusalMessage(problem.toJSON(instance), problem.headers['retry-after']);
}

function parseCursor(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new Problem({
      status: 400,
      slug: 'invalid-cursor',
      title: 'Invalid event cursor',
      detail: 'Last-Event-ID and ?since= take the seq of the last event the client has applied: a non-negative integer.',
    });
  }
  return Number(raw);
}

interface StreamOptions {
  db: Db;
  subscribers: Subscribers;
  writer: SseWriter;
  partnerId: string;
  cursor: number | undefined;
  /** The partner's seq before the stream was registered; a cursor past it is not ours. */
  lastSeq: number;
  expiresAt: Date;
  publicUrl: () => string;
  clock: Clock;
}

/** Register first, then replay (or snapshot), then write what arrived meanwhile and go live. */
async function stream(options: StreamOptions): Promise<void> {
  const { subscribers, writer, partnerId, expiresAt } = options;
  const subscriber = await subscribers.add(partnerId, writer, expiresAt);
  if (writer.closed) return;
  const at = (await replay(options)) ?? (await snapshot(options));
  if (at === undefined) return writer.end();
  subscribers.goLive(subscriber, at);
}

/** Writes the log after the cursor; `undefined` when it cannot (no cursor, or out of retention). */
async function replay({ db, writer, partnerId, cursor, lastSeq }: StreamOptions): Promise<number | undefined> {
  if (cursor === undefined || cursor > lastSeq) return undefined;
  let at = cursor;
  for (;;) {
    const page = await readEventsAfter(db, partnerId, at, REPLAY_PAGE);
    // Retention removed events the client has not seen: gap-free seqs make that visible here.
    if (page.length > 0 && page[0]!.seq !== at + 1) return undefined;
    if (page.length === 0) return at === cursor && cursor < lastSeq ? undefined : at;
    await writer.sendAndDrain(encodeEvents(page));
    at = page.at(-1)!.seq;
    if (page.length < REPLAY_PAGE || writer.closed) return at;
  }
}

/**
 * The whole state and its cursor, read in one repeatable-read transaction so the cursor is
 * exactly the last event the state includes. `undefined` if the partner has gone.
 */
async function snapshot({ db, writer, partnerId, publicUrl, clock }: StreamOptions): Promise<number | undefined> {
  const state = await db.transaction((tx) => loadSnapshot(tx, partnerId, { publicUrl: publicUrl(), now: clock.now() }), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
  if (!state) return undefined;
  await writer.sendAndDrain(encodeMessage('snapshot', state, state.cursor));
  return state.cursor;
}

import type { TrainingEvent } from '@siso/training-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrainingClient } from '../client.ts';
import { ApiError, NetworkError, ValidationError, type TrainingError } from '../errors.ts';
import { progressData, snapshotAt, withAddedFields } from '../testing/fixtures.ts';
import { recordingFetch, waitUntil } from '../testing/recording-fetch.ts';
import { startSseServer, type SseConnection, type SseServer } from '../testing/sse-server.ts';
import type { ConnectionState, SubscribeOptions, Subscription } from './subscribe.ts';

let server: SseServer | undefined;
let subscription: Subscription | undefined;
afterEach(async () => {
  subscription?.close();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  await server?.close();
});

/** The client's timers (watchdog, backoff, pause) and its `Date` on a clock the test moves. */
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2026-05-01T08:00:00Z') });

/** Subscribes a client of `server` and records everything its handlers see. */
function record(client: TrainingClient, options: SubscribeOptions = {}) {
  const seen = {
    snapshots: [] as number[],
    events: [] as TrainingEvent[],
    states: [] as ConnectionState[],
    errors: [] as [TrainingError, boolean][],
  };
  subscription = client.subscribe(
    {
      onSnapshot: (s) => seen.snapshots.push(s.cursor),
      onEvent: (e) => seen.events.push(e),
      onStateChange: (s) => seen.states.push(s),
      onError: (e, { willRetry }) => seen.errors.push([e, willRetry]),
    },
    { backoff: { initial: 20, max: 100 }, ...options },
  );
  return seen;
}

async function serve(script: (c: SseConnection, index: number) => void): Promise<SseServer> {
  server = await startSseServer(script);
  return server;
}

describe('subscribe', () => {
  it('starts with a snapshot, delivers each seq once and resumes after a drop with Last-Event-ID', async () => {
    const { url, connections } = await serve((c, i) => {
      c.open();
      if (i === 0) {
        c.send('snapshot', snapshotAt(2), 2);
        c.send('progress.updated', progressData(10), 3);
        c.send('progress.updated', progressData(10), 3);
        c.send('progress.updated', progressData(5), 2);
      } else {
        // The replay overlaps what the client already has.
        c.send('progress.updated', progressData(10), 3);
        c.send('progress.updated', progressData(20), 4);
      }
    });
    const net = recordingFetch();
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed', fetch: net.fetch }));
    // Dropped once the client has read all four frames.
    await waitUntil(() => net.calls[0]?.text.endsWith('id: 2\nevent: progress.updated\ndata: ' + JSON.stringify(progressData(5)) + '\n\n'));
    connections[0]!.drop();
    await waitUntil(() => seen.events.length === 2);
    expect(seen.events.map((e) => e.seq)).toEqual([3, 4]);
    expect(seen.snapshots).toEqual([2]);
    expect(connections[0]!.headers['last-event-id']).toBeUndefined();
    expect(connections[0]!.headers.authorization).toBe('Bearer fixed');
    expect(connections[1]!.headers['last-event-id']).toBe('3');
    expect(seen.states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    expect(subscription!.lastSeq).toBe(4);
    const last = seen.events[1]!;
    expect(last.type === 'progress.updated' && last.data.progress.percent).toBe(20);
  });

  it("reads a newer server's snapshot and events, dropping the fields it does not know", async () => {
    const { url } = await serve((c) => {
      c.open();
      c.send('snapshot', withAddedFields(snapshotAt(2)), 2);
      c.send('progress.updated', withAddedFields(progressData(30)), 3);
    });
    const snapshots: unknown[] = [];
    const events: TrainingEvent[] = [];
    const errors: TrainingError[] = [];
    subscription = new TrainingClient({ apiBase: url, token: 'fixed' }).subscribe({
      onSnapshot: (s) => snapshots.push(s),
      onEvent: (e) => events.push(e),
      onError: (e) => errors.push(e),
    });
    await waitUntil(() => events.length === 1);
    expect(errors).toEqual([]);
    expect(snapshots).toEqual([snapshotAt(2)]);
    expect(events[0]!.data).toEqual(progressData(30));
  });

  it('gives each event the time the server committed it, not the time it arrived', async () => {
    fakeClock();
    const at = '2026-01-02T03:04:05.000Z';
    const { url } = await serve((c) => {
      c.open();
      c.send('snapshot', snapshotAt(2), 2);
      c.send('progress.updated', { ...progressData(10), at }, 3);
      // A server that does not say: the time of arrival.
      c.send('progress.updated', progressData(20), 4);
    });
    const events: TrainingEvent[] = [];
    subscription = new TrainingClient({ apiBase: url, token: 'fixed' }).subscribe({ onEvent: (e) => events.push(e) });
    await waitUntil(() => events.length === 2);
    expect(events[0]).toMatchObject({ seq: 3, at });
    expect(events[0]!.data).toEqual(progressData(10));
    expect(events[1]!.at).toBe('2026-05-01T08:00:00.000Z');
  });

  it('treats a silent stream as dead, but counts comments as life', async () => {
    fakeClock();
    const { url, connections } = await serve((c, i) => {
      c.open();
      if (i === 0) c.send('snapshot', snapshotAt(0), 0);
    });
    const net = recordingFetch();
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed', fetch: net.fetch }), { heartbeatTimeout: 200 });
    await waitUntil(() => seen.snapshots.length === 1);
    // A comment every 150 ms keeps the stream alive far past one timeout…
    for (let i = 1; i <= 4; i += 1) {
      vi.advanceTimersByTime(150);
      connections[0]!.comment();
      await waitUntil(() => net.calls[0]!.text.split(': ping').length - 1 === i || seen.errors.length > 0);
      expect(seen.errors).toEqual([]);
    }
    // …and 200 ms without a byte ends it, not a moment sooner.
    vi.advanceTimersByTime(199);
    await waitUntil(() => true);
    expect(seen.errors).toEqual([]);
    vi.advanceTimersByTime(1);
    await waitUntil(() => seen.errors.length === 1);
    const [error, willRetry] = seen.errors[0]!;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/silent for 200 ms/);
    expect(willRetry).toBe(true);
    // It resumes where it was, once its backoff (at most 100 ms here) has passed.
    vi.advanceTimersByTime(100);
    await waitUntil(() => connections.length === 2);
    expect(connections[1]!.headers['last-event-id']).toBe('0');
  });

  it('gets a new token after a 401, and when the stream says the token expired', async () => {
    let issued = 0;
    const { url, connections } = await serve((c, i) => {
      if (i === 0) return c.refuse(401);
      c.open();
      if (i === 1) {
        c.send('snapshot', snapshotAt(7), 7);
        c.send('token-expired', {});
      }
    });
    const seen = record(new TrainingClient({ apiBase: url, tokenProvider: async () => `t${++issued}` }));
    await waitUntil(() => connections.length === 3);
    expect(connections.map((c) => c.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t3']);
    expect(connections.map((c) => c.headers['last-event-id'])).toEqual([undefined, undefined, '7']);
    await waitUntil(() => seen.states.at(-1) === 'live');
    expect(seen.errors).toEqual([]);
  });

  it('stops offline with the ApiError when a token cannot fix a 401, until reconnect()', async () => {
    fakeClock();
    const { url, connections } = await serve((c) => c.refuse(401));
    const net = recordingFetch();
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed', fetch: net.fetch }));
    await waitUntil(() => seen.errors.length === 1);
    const [error, willRetry] = seen.errors[0]!;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(willRetry).toBe(false);
    expect(subscription!.state).toBe('offline');
    // Past every backoff and watchdog: a client still retrying would have called fetch again.
    await vi.advanceTimersByTimeAsync(60_000);
    await waitUntil(() => true);
    expect(net.calls).toHaveLength(1);
    subscription!.reconnect();
    await waitUntil(() => connections.length === 2);
    expect(net.calls).toHaveLength(2);
  });

  it('waits at least Retry-After after a 503', async () => {
    fakeClock();
    const { url } = await serve((c, i) => {
      if (i === 0) return c.refuse(503, { 'retry-after': '1' });
      c.open();
    });
    const net = recordingFetch();
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed', fetch: net.fetch }));
    await waitUntil(() => seen.errors.length === 1);
    expect(seen.errors[0]![1]).toBe(true);
    // The backoff alone would be 20 ms or less; the server asked for a second.
    vi.advanceTimersByTime(999);
    await waitUntil(() => true);
    expect(net.calls).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await waitUntil(() => seen.states.at(-1) === 'live');
    expect(net.calls[1]!.at - net.calls[0]!.at).toBe(1_000);
  });

  it('reads a stream that ends with event: unavailable as the refusal it carries (503 or 429), retried after its retry:', async () => {
    fakeClock();
    const problem = (status: number) => ({ type: 'https://docs.siso.example/problems/x', title: 'Refused', status });
    const { url } = await serve((c, i) => {
      if (i === 2) return c.open();
      c.open(`retry: 1000\n\n`);
      c.send('unavailable', problem(i === 0 ? 503 : 429));
      c.end();
    });
    const net = recordingFetch();
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed', fetch: net.fetch }));
    await waitUntil(() => seen.errors.length === 1);
    expect(seen.errors[0]![0]).toBeInstanceOf(ApiError);
    expect(seen.errors[0]).toEqual([expect.objectContaining({ status: 503 }), true]);
    // Never live on a stream that only said it was refused.
    expect(seen.states).not.toContain('live');
    vi.advanceTimersByTime(999);
    await waitUntil(() => true);
    expect(net.calls).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await waitUntil(() => seen.errors.length === 2);
    expect(seen.errors[1]).toEqual([expect.objectContaining({ status: 429 }), true]);
    expect(seen.states).not.toContain('live');
  });

  it('starts over from a snapshot when an event does not match its schema', async () => {
    const { url, connections } = await serve((c, i) => {
      c.open();
      c.send('snapshot', snapshotAt(i === 0 ? 1 : 5), i === 0 ? 1 : 5);
      if (i === 0) c.send('progress.updated', { moduleId: 'x' }, 2);
    });
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed' }));
    await waitUntil(() => seen.snapshots.length === 2);
    expect(seen.snapshots).toEqual([1, 5]);
    expect(connections[1]!.headers['last-event-id']).toBeUndefined();
    const [error] = seen.errors[0]!;
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain('progress');
  });

  it('backs off further while a stream opens and drops without a message, and starts over once one arrives', async () => {
    fakeClock();
    const { url } = await serve((c, i) => {
      c.open();
      if (i === 5) c.send('snapshot', snapshotAt(1), 1);
      c.end();
    });
    const net = recordingFetch();
    record(new TrainingClient({ apiBase: url, token: 'fixed', fetch: net.fetch }), { backoff: { initial: 20, max: 10_000 } });
    // Each stream is read to its end; then the clock moves to the next timer the client set.
    await waitUntil(() => net.calls.length === 1);
    while (net.calls.length < 7) {
      const calls = net.calls.length;
      await waitUntil(() => net.calls[calls - 1]?.done);
      while (net.calls.length === calls) await vi.advanceTimersToNextTimerAsync();
    }
    const waits = net.calls.slice(1).map((call, i) => call.at - net.calls[i]!.at);
    // Five empty streams in a row: the fifth wait is at least half of 20 * 2^4 ms…
    expect(waits[4]).toBeGreaterThanOrEqual(160);
    // …and a snapshot proves the stream works: the next wait is back to the first one's.
    expect(waits[5]).toBeLessThanOrEqual(20);
  });

  it('pauses a page that loads hidden once pauseWhenHidden has passed', async () => {
    fakeClock();
    const listen = { addEventListener() {}, removeEventListener() {} };
    vi.stubGlobal('document', { ...listen, visibilityState: 'hidden' });
    vi.stubGlobal('window', listen);
    const { url, connections } = await serve((c) => {
      c.open();
      c.send('snapshot', snapshotAt(1), 1);
    });
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed' }), { pauseWhenHidden: 100 });
    await waitUntil(() => seen.snapshots.length === 1);
    vi.advanceTimersByTime(99);
    await waitUntil(() => true);
    expect(seen.states).toEqual(['connecting', 'live']);
    vi.advanceTimersByTime(1);
    await waitUntil(() => seen.states.at(-1) === 'offline');
    expect(seen.states).toEqual(['connecting', 'live', 'offline']);
    expect(connections).toHaveLength(1);
  });
});

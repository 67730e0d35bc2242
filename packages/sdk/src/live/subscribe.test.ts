import type { TrainingEvent } from '@siso/training-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrainingClient } from '../client.ts';
import { ApiError, ValidationError, type TrainingError } from '../errors.ts';
import { progressData, snapshotAt, withAddedFields } from '../testing/fixtures.ts';
import { startSseServer, type SseConnection, type SseServer } from '../testing/sse-server.ts';
import type { ConnectionState, SubscribeOptions, Subscription } from './subscribe.ts';

let server: SseServer | undefined;
let subscription: Subscription | undefined;
afterEach(async () => {
  subscription?.close();
  vi.unstubAllGlobals();
  await server?.close();
});

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
        setTimeout(() => c.drop(), 50);
      } else {
        // The replay overlaps what the client already has.
        c.send('progress.updated', progressData(10), 3);
        c.send('progress.updated', progressData(20), 4);
      }
    });
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed' }));
    await vi.waitFor(() => expect(seen.events.map((e) => e.seq)).toEqual([3, 4]));
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
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(errors).toEqual([]);
    expect(snapshots).toEqual([snapshotAt(2)]);
    expect(events[0]!.data).toEqual(progressData(30));
  });

  it('gives each event the time the server committed it, not the time it arrived', async () => {
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
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events[0]).toMatchObject({ seq: 3, at });
    expect(events[0]!.data).toEqual(progressData(10));
    expect(Date.now() - Date.parse(events[1]!.at)).toBeLessThan(5_000);
  });

  it('treats a silent stream as dead, but counts comments as life', async () => {
    const opened: number[] = [];
    const start = Date.now();
    const { connections } = await serve((c, i) => {
      opened.push(Date.now() - start);
      c.open();
      if (i > 0) return;
      c.send('snapshot', snapshotAt(0), 0);
      const ping = setInterval(() => c.comment(), 60);
      setTimeout(() => clearInterval(ping), 500);
    });
    record(new TrainingClient({ apiBase: server!.url, token: 'fixed' }), { heartbeatTimeout: 200 });
    await vi.waitFor(() => expect(connections).toHaveLength(2), { timeout: 2_000 });
    // Pinged until 500 ms, so the watchdog (200 ms) fired no earlier than ~700 ms.
    expect(opened[1]).toBeGreaterThanOrEqual(650);
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
    await vi.waitFor(() => expect(connections).toHaveLength(3));
    expect(connections.map((c) => c.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t3']);
    expect(connections.map((c) => c.headers['last-event-id'])).toEqual([undefined, undefined, '7']);
    await vi.waitFor(() => expect(seen.states.at(-1)).toBe('live'));
    expect(seen.errors).toEqual([]);
  });

  it('stops offline with the ApiError when a token cannot fix a 401, until reconnect()', async () => {
    const { url, connections } = await serve((c) => c.refuse(401));
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed' }));
    await vi.waitFor(() => expect(seen.errors).toHaveLength(1));
    const [error, willRetry] = seen.errors[0]!;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(willRetry).toBe(false);
    expect(subscription!.state).toBe('offline');
    await new Promise((r) => setTimeout(r, 100));
    expect(connections).toHaveLength(1);
    subscription!.reconnect();
    await vi.waitFor(() => expect(connections).toHaveLength(2));
  });

  it('waits at least Retry-After after a 503', async () => {
    const opened: number[] = [];
    const { url } = await serve((c, i) => {
      opened.push(Date.now());
      if (i === 0) return c.refuse(503, { 'retry-after': '1' });
      c.open();
    });
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed' }));
    await vi.waitFor(() => expect(seen.states.at(-1)).toBe('live'), { timeout: 3_000 });
    expect(opened[1]! - opened[0]!).toBeGreaterThanOrEqual(950);
    expect(seen.errors[0]![1]).toBe(true);
  });

  it('takes a stream that opens with event: unavailable as a 503 to retry, never as live', async () => {
    const { url } = await serve((c, i) => {
      if (i === 0) {
        // What the API answers while its database is away, in its one write.
        const problem = {
          type: 'https://docs.siso.example/problems/unavailable',
          title: 'Service unavailable',
          status: 503,
          detail: 'The database cannot be reached.',
        };
        c.open(`retry: 300\n\nevent: unavailable\ndata: ${JSON.stringify(problem)}\n\n`);
        return c.end();
      }
      c.open();
      c.send('snapshot', snapshotAt(1), 1);
    });
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed' }));
    await vi.waitFor(() => expect(seen.snapshots).toEqual([1]), { timeout: 3_000 });
    expect(seen.states).toEqual(['connecting', 'reconnecting', 'connecting', 'live']);
    const [error, willRetry] = seen.errors[0]!;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect((error as ApiError).detail).toBe('The database cannot be reached.');
    expect(willRetry).toBe(true);
  });

  it('starts over from a snapshot when an event does not match its schema', async () => {
    const { url, connections } = await serve((c, i) => {
      c.open();
      c.send('snapshot', snapshotAt(i === 0 ? 1 : 5), i === 0 ? 1 : 5);
      if (i === 0) c.send('progress.updated', { moduleId: 'x' }, 2);
    });
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed' }));
    await vi.waitFor(() => expect(seen.snapshots).toEqual([1, 5]));
    expect(connections[1]!.headers['last-event-id']).toBeUndefined();
    const [error] = seen.errors[0]!;
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain('progress');
  });

  it('backs off further while a stream opens and drops without a message, and starts over once one arrives', async () => {
    const opened: number[] = [];
    const { url, connections } = await serve((c, i) => {
      opened.push(Date.now());
      c.open();
      if (i === 5) c.send('snapshot', snapshotAt(1), 1);
      c.end();
    });
    record(new TrainingClient({ apiBase: url, token: 'fixed' }), { backoff: { initial: 20, max: 10_000 } });
    await vi.waitFor(() => expect(connections.length).toBeGreaterThanOrEqual(7), { timeout: 3_000 });
    // Five empty streams in a row: the fifth wait is at least half of 20 * 2^4 ms.
    expect(opened[5]! - opened[4]!).toBeGreaterThanOrEqual(150);
    // A snapshot proves the stream works: the next wait is back to the first one's.
    expect(opened[6]! - opened[5]!).toBeLessThan(100);
  });

  it('pauses a page that loads hidden once pauseWhenHidden has passed', async () => {
    const listen = { addEventListener() {}, removeEventListener() {} };
    vi.stubGlobal('document', { ...listen, visibilityState: 'hidden' });
    vi.stubGlobal('window', listen);
    const { url, connections } = await serve((c) => {
      c.open();
      c.send('snapshot', snapshotAt(1), 1);
    });
    const seen = record(new TrainingClient({ apiBase: url, token: 'fixed' }), { pauseWhenHidden: 100 });
    await vi.waitFor(() => expect(seen.states.at(-1)).toBe('offline'));
    expect(seen.states).toEqual(['connecting', 'live', 'offline']);
    expect(connections).toHaveLength(1);
  });
});

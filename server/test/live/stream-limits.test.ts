import { connect } from 'node:net';
import type { TrainingEvent } from '@siso/training-core';
import { STREAM_TOKEN_EXPIRED } from '@siso/training-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEventBus } from '../../src/events/bus.ts';
import { readLastSeq } from '../../src/events/log.ts';
import { metric } from '../support/metric.ts';
import { ManualClock, startTestServer, type TestServer } from '../support/test-server.ts';
import { commit, progressEvents } from './produce.ts';
import { TestStream } from './sse-client.ts';

// A short heartbeat and a small per-connection bound, so the limits show within a test; a clock
// the test moves, so token expiry is reached without waiting.
const clock = new ManualClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ EVENTS_HEARTBEAT_MS: '100', EVENTS_MAX_BUFFERED_KB: '16' }, { clock });
});
afterAll(() => server?.close());

const lastSeq = async (partnerId: string) => (await readLastSeq(server.database.db, partnerId))!;

describe('event stream limits', () => {
  it('writes a heartbeat comment to every idle stream', async () => {
    const at = String(await lastSeq('northwind'));
    const streams = await Promise.all(
      [1, 2].map(async () => TestStream.open(server.url, { token: await server.tokenFor('northwind'), lastEventId: at })),
    );
    await Promise.all(streams.map((s) => s.until((x) => x.comments >= 2)));
    expect(streams[0]!.raw).toContain(':\n\n');
    for (const s of streams) s.close();
  });

  it('ends with event: token-expired and {} once the token runs out by the server clock, not before', async () => {
    const stream = await TestStream.open(server.url, {
      token: await server.tokenFor('northwind', 60),
      lastEventId: String(await lastSeq('northwind')),
    });
    const before = stream.messages.length;
    clock.advance({ seconds: 59 });
    await server.sweep();
    // Still live a second before expiry: an event published after the sweep arrives.
    const [marker] = await commit({ db: server.database.db, bus: server.bus }, 'northwind', progressEvents(1));
    await stream.until((s) => s.events.some((e) => e.seq === marker!.seq));
    expect(stream.messages.slice(before).map((m) => m.event)).not.toContain(STREAM_TOKEN_EXPIRED);

    clock.advance({ seconds: 2 });
    await server.sweep();
    await stream.ended;
    const last = stream.messages.at(-1)!;
    expect(last).toMatchObject({ event: STREAM_TOKEN_EXPIRED, data: '{}' });
    expect(last.id).toBeUndefined();
  });

  it('disconnects a client that stops reading instead of buffering for it', async () => {
    const bus = server.bus as LocalEventBus;
    const from = await lastSeq('fabrikam');
    const token = await server.tokenFor('fabrikam');
    const { port } = new URL(server.url);
    // A raw socket that sends the request and then stops reading: its buffers fill up.
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    socket.write(`GET /v1/me/events?since=${from} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    socket.on('error', () => {});
    let received = 0;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const droppedBefore = await metric(server.url, 'siso_event_streams_dropped_total');
    await expect.poll(() => received).toBeGreaterThan(0);
    socket.pause();
    const reader = await TestStream.open(server.url, { token, lastEventId: String(from) });
    await expect.poll(() => bus.partners).toBe(1);

    // Published straight onto the bus (not committed): this test is about the socket, not the log.
    const big = 'x'.repeat(64 * 1024);
    const count = 160; // 10 MB, well past what the kernel buffers for a loopback socket
    for (let seq = from + 1; seq <= from + count; seq += 1) {
      const event = { seq, type: 'progress.updated', at: new Date().toISOString(), data: { big } } as unknown as TrainingEvent;
      server.bus.publish('fabrikam', [event]);
      // The reader keeps up: the next event goes out once it has this one.
      await reader.until((s) => s.events.length === seq - from);
    }
    // The reader is still connected…
    expect(bus.partners).toBe(1);
    // …while the stalled socket was cut off: it ends without having been sent everything.
    socket.resume();
    await closed;
    expect(received).toBeLessThan(count * big.length);
    // Counted for the operator; the reader that kept up is not.
    await expect.poll(() => metric(server.url, 'siso_event_streams_dropped_total')).toBe(droppedBefore + 1);
    reader.close();
    await expect.poll(() => bus.partners).toBe(0);
  });
});

import { connect } from 'node:net';
import type { TrainingEvent } from '@siso/training-core';
import { STREAM_TOKEN_EXPIRED } from '@siso/training-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEventBus } from '../../src/events/bus.ts';
import { readLastSeq } from '../../src/events/log.ts';
import { metric } from '../support/metric.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { TestStream } from './sse-client.ts';

// A short heartbeat and a small per-connection bound, so the limits show within a test.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ EVENTS_HEARTBEAT_MS: '100', EVENTS_MAX_BUFFERED_KB: '16' });
});
afterAll(() => server?.close());

const lastSeq = async (partnerId: string) => (await readLastSeq(server.database.db, partnerId))!;

describe('event stream limits', () => {
  it('writes a heartbeat comment to every idle stream', async () => {
    const at = String(await lastSeq('northwind'));
    const streams = await Promise.all([1, 2].map(async () => TestStream.open(server.url, { token: await server.tokenFor('northwind'), lastEventId: at })));
    await Promise.all(streams.map((s) => s.until((x) => x.comments >= 2, 2_000)));
    expect(streams[0]!.raw).toContain(':\n\n');
    for (const s of streams) s.close();
  });

  it('ends with event: token-expired and {} when the token runs out', async () => {
    // exp is whole seconds after a floored iat: a 1 s token minted late in a second may be expired
    // before the request arrives (a 401, not a stream); 2 s leaves it between one and two.
    const stream = await TestStream.open(server.url, { token: await server.tokenFor('northwind', 2), lastEventId: String(await lastSeq('northwind')) });
    const started = Date.now();
    await Promise.race([stream.ended, new Promise((_, reject) => setTimeout(() => reject(new Error('stream did not end')), 4_000))]);
    expect(Date.now() - started).toBeLessThan(3_000);
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
    await expect.poll(() => received, { timeout: 2_000 }).toBeGreaterThan(0);
    socket.pause();
    const reader = await TestStream.open(server.url, { token, lastEventId: String(from) });
    await expect.poll(() => bus.partners, { timeout: 2_000 }).toBe(1);

    // Published straight onto the bus (not committed): this test is about the socket, not the log.
    const big = 'x'.repeat(64 * 1024);
    const count = 160; // 10 MB, well past what the kernel buffers for a loopback socket
    for (let seq = from + 1; seq <= from + count; seq += 1) {
      const event = { seq, type: 'progress.updated', at: new Date().toISOString(), data: { big } } as unknown as TrainingEvent;
      server.bus.publish('fabrikam', [event]);
      await new Promise((r) => setTimeout(r, 1));
    }
    // The reader kept up and is still connected…
    await reader.until((s) => s.events.length === count, 10_000);
    expect(bus.partners).toBe(1);
    // …while the stalled socket was cut off: it ends without having been sent everything.
    socket.resume();
    await closed;
    expect(received).toBeLessThan(count * big.length);
    // Counted for the operator; the reader that kept up is not.
    await expect.poll(() => metric(server.url, 'siso_event_streams_dropped_total'), { timeout: 5_000 }).toBe(droppedBefore + 1);
    reader.close();
    await expect.poll(() => bus.partners, { timeout: 5_000 }).toBe(0);
  });
});

import { TrainingSnapshotSchema } from '@siso/training-core';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEventBus } from '../../src/events/bus.ts';
import { readLastSeq } from '../../src/events/log.ts';
import { pruneEvents } from '../../src/events/retention.ts';
import { metric } from '../support/metric.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { commit, progressEvents } from './produce.ts';
import { TestStream } from './sse-client.ts';
import { parseExact } from '../../../test-support/exact.ts';

let server: TestServer;
const streams: TestStream[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const s of streams) s.close();
  await server?.close();
});

async function open(partnerId: string, options: { lastEventId?: string; query?: string } = {}): Promise<TestStream> {
  const stream = await TestStream.open(server.url, { token: await server.tokenFor(partnerId), ...options });
  streams.push(stream);
  return stream;
}
const lastSeq = async (partnerId: string) => (await readLastSeq(server.database.db, partnerId))!;
const produce = (partnerId: string, count: number, { publish = true, at }: { publish?: boolean; at?: Date } = {}) =>
  commit({ db: server.database.db, ...(publish ? { bus: server.bus } : {}), ...(at ? { at } : {}) }, partnerId, progressEvents(count));
const seqs = (s: TestStream) => s.events.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('GET /v1/me/events', () => {
  it('starts with retry and a snapshot whose id is its cursor, on an uncompressed, unbuffered stream', async () => {
    await produce('northwind', 2);
    const stream = await open('northwind');
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.response.headers.get('content-encoding')).toBeNull();
    expect(stream.response.headers.get('x-request-id')).toBeTruthy();
    await stream.until((s) => s.messages.length === 1);
    const cursor = await lastSeq('northwind');
    expect(stream.raw.startsWith(`retry: 3000\n\nid: ${cursor}\nevent: snapshot\ndata: {`)).toBe(true);
    const snapshot = parseExact(TrainingSnapshotSchema, JSON.parse(stream.messages[0]!.data));
    expect(snapshot.partner.id).toBe('northwind');
    expect(snapshot.cursor).toBe(cursor);
    stream.close();
  });

  it('streams each committed event once, as id/event/data frames', async () => {
    const stream = await open('northwind', { lastEventId: String(await lastSeq('northwind')) });
    const before = 'retry: 3000\n\n'.length;
    const stored = await produce('northwind', 3);
    await stream.until((s) => s.events.length === 3);
    expect(seqs(stream)).toEqual(stored.map((e) => e.seq));
    const first = stored[0]!;
    // Key order inside data is the database's (jsonb) on replay and the producer's when live; both are the same JSON.
    const frame = new RegExp(`^id: ${first.seq}\nevent: progress.updated\ndata: (\\{[^\n]*\\})\n\n`).exec(stream.raw.slice(before));
    // `at`, beside the payload, is when the event was committed.
    expect(JSON.parse(frame?.[1] ?? 'null')).toEqual({ moduleId: 'solution-selling', n: 0, at: first.at });
    stream.close();
  });

  it('resumes after Last-Event-ID from the log, without a snapshot, then goes live', async () => {
    const from = await lastSeq('contoso');
    // Committed a minute before they are replayed: a replay that stamped them anew would show it.
    const stored = await produce('contoso', 5, { publish: false, at: new Date(Date.now() - 60_000) });
    const stream = await open('contoso', { lastEventId: String(from + 2) });
    await stream.until((s) => s.events.length === 3);
    // Replayed later, each still says when it was committed.
    expect(stream.events.map((e) => (e.data as { at: string }).at)).toEqual(stored.slice(2).map((e) => e.at));
    await produce('contoso', 2);
    await stream.until((s) => s.events.length === 5);
    expect(stream.messages.some((m) => m.event === 'snapshot')).toBe(false);
    expect(seqs(stream)).toEqual(range(from + 3, from + 7));
    stream.close();
  });

  it('takes ?since= too, and prefers the Last-Event-ID header a reconnect sends', async () => {
    const now = await lastSeq('contoso');
    const bySince = await open('contoso', { query: `?since=${now - 1}` });
    const byHeader = await open('contoso', { query: `?since=${now - 4}`, lastEventId: String(now - 2) });
    await bySince.until((s) => s.events.length === 1);
    await byHeader.until((s) => s.events.length === 2);
    expect(seqs(bySince)).toEqual([now]);
    expect(seqs(byHeader)).toEqual([now - 1, now]);
    bySince.close();
    byHeader.close();
  });

  it('sends a snapshot when the cursor is out of retention or not one of ours', async () => {
    await produce('fabrikam', 5);
    const old = await lastSeq('fabrikam');
    await produce('fabrikam', 5);
    await pruneEvents(server.database.db, { maxAgeDays: 30, maxEvents: 3 }, new Date());
    const pruned = await open('fabrikam', { lastEventId: String(old) });
    const future = await open('fabrikam', { lastEventId: String(old + 1_000) });
    for (const s of [pruned, future]) {
      await s.until((x) => x.messages.length === 1);
      expect(s.messages[0]!.event).toBe('snapshot');
      expect(s.messages[0]!.id).toBe(String(await lastSeq('fabrikam')));
      s.close();
    }
    const recent = await open('fabrikam', { lastEventId: String(old + 2) });
    await recent.until((s) => s.events.length === 3);
    expect(recent.messages.some((m) => m.event === 'snapshot')).toBe(false);
    recent.close();
  });

  it('delivers events committed during a long replay exactly once, in order', async () => {
    const from = await lastSeq('northwind');
    await produce('northwind', 1_200, { publish: false });
    const stream = await open('northwind', { lastEventId: String(from) });
    for (let i = 0; i < 10; i += 1) await produce('northwind', 3);
    const to = await lastSeq('northwind');
    await stream.until((s) => s.events.length >= to - from);
    expect(seqs(stream)).toEqual(range(from + 1, to));
    stream.close();
  });

  it('delivers gap-free whatever order or repetition events are published in', async () => {
    const from = await lastSeq('contoso');
    const stream = await open('contoso', { lastEventId: String(from) });
    const unpublished = await produce('contoso', 2, { publish: false });
    const later = await produce('contoso', 2, { publish: false });
    server.bus.publish('contoso', later); // gap: the log fills in the two before
    server.bus.publish('contoso', unpublished);
    server.bus.publish('contoso', later);
    await stream.until((s) => s.events.length === 4);
    // Nothing more comes for those: the next event the stream carries is one committed after them.
    await produce('contoso', 1);
    await stream.until((s) => s.events.length === 5);
    expect(seqs(stream)).toEqual(range(from + 1, from + 5));
    stream.close();
  });

  it('gives a partner only their own events', async () => {
    const contoso = await open('contoso', { lastEventId: String(await lastSeq('contoso')) });
    await produce('northwind', 2);
    const mine = await produce('contoso', 1);
    await contoso.until((s) => s.events.length === 1);
    expect(seqs(contoso)).toEqual([mine[0]!.seq]);
    contoso.close();
  });

  it('removes every listener when clients go away', async () => {
    const bus = server.bus as LocalEventBus;
    // Streams the earlier tests closed are released asynchronously; start from none.
    await expect.poll(() => bus.partners).toBe(0);
    expect(await metric(server.url, 'siso_event_streams')).toBe(0);
    const openedBefore = await metric(server.url, 'siso_event_streams_opened_total');
    const cursors = { northwind: await lastSeq('northwind'), fabrikam: await lastSeq('fabrikam') };
    const opened = await Promise.all(
      (['northwind', 'northwind', 'fabrikam'] as const).map((p) => open(p, { lastEventId: String(cursors[p]) })),
    );
    await produce('northwind', 1);
    await produce('fabrikam', 1);
    await Promise.all(opened.map((s) => s.until((x) => x.events.length === 1)));
    expect(bus.partners).toBe(2);
    expect(await metric(server.url, 'siso_event_streams')).toBe(3);
    expect(await metric(server.url, 'siso_event_streams_opened_total')).toBe(openedBefore + 3);
    for (const s of opened) s.close();
    await expect.poll(() => bus.partners).toBe(0);
    expect(await metric(server.url, 'siso_event_streams')).toBe(0);
    // Streams that ended with their client are not counted as cut off.
    expect(await metric(server.url, 'siso_event_streams_dropped_total')).toBe(0);
    // The marker response Hono sees stays pristine: no headers leak into the shared instance.
    expect([...RESPONSE_ALREADY_SENT.headers.keys()]).toEqual(['x-hono-already-sent']);
  });

  it('answers HEAD with the head of a stream and no body', async () => {
    // Raw, since fetch discards whatever follows a HEAD response's head.
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(`HEAD /v1/me/events HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${await server.tokenFor('northwind')}\r\n\r\n`);
    await expect.poll(() => received.includes('\r\n\r\n')).toBe(true);
    const head = received.slice(0, received.indexOf('\r\n\r\n') + 4);
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toMatch(/\r\ncontent-type: text\/event-stream; charset=utf-8/i);
    // The server ends the connection with the answer: whatever it sent has arrived once it is closed.
    expect(head).toMatch(/\r\nconnection: close\r\n/i);
    await closed;
    expect(received.slice(head.length)).toBe('');
  });

  it.each([
    ['a cursor that is not a seq', '?since=abc', 400],
    ['a negative cursor', '?since=-1', 400],
  ])('refuses %s with problem+json', async (_label, query, status) => {
    const res = await fetch(`${server.url}/v1/me/events${query}`, {
      headers: { authorization: `Bearer ${await server.tokenFor('northwind')}` },
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a missing token (401) and an unknown partner (404)', async () => {
    expect((await fetch(`${server.url}/v1/me/events`)).status).toBe(401);
    const res = await fetch(`${server.url}/v1/me/events`, { headers: { authorization: `Bearer ${await server.tokenFor('nobody')}` } });
    expect(res.status).toBe(404);
  });
});

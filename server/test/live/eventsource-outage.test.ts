// A standard EventSource — the `eventsource` package, which follows the HTML standard; not our SDK,
// which retries by itself — through a PostgreSQL outage. By the standard an EventSource gives up
// for good on any answer but a 200 `text/event-stream` ("fail the connection"), and reconnects
// after a stream that ends: so while the database is away the stream must say so in a short 200
// stream, never in the 503 the other routes answer.
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_UNAVAILABLE } from '@siso/training-core';
import { DatabaseProxy, TcpProxy } from '../support/tcp-proxy.ts';
import { startTestServer, testDatabaseKind, type TestServer } from '../support/test-server.ts';
import { journaled } from './eventsource-journal.ts';
import { TestStream } from './sse-client.ts';

describe.skipIf(testDatabaseKind() !== 'postgres')('a standard EventSource through a database outage', () => {
  const database = new DatabaseProxy();
  /** Between the client and the server, so that the test can break the stream's connection. */
  let api: TcpProxy;
  let server: TestServer;
  let trainingKey: string;
  beforeAll(async () => {
    await database.start();
    server = await startTestServer({ DATABASE_URL: database.url });
    api = new TcpProxy({ host: '127.0.0.1', port: server.port });
    await api.start();
    trainingKey = await server.keyFor('training');
  });
  afterAll(async () => {
    await api?.stop();
    await server?.close();
    await database.stop();
  });

  it('opens while the database is away as a short 200 event stream: retry: as Retry-After, the 503 problem, the end', async () => {
    const token = await server.tokenFor('northwind');
    await database.stop();
    try {
      const training = await fetch(`${server.url}/v1/me/training`, { headers: { authorization: `Bearer ${token}` } });
      expect(training.status).toBe(503);
      const stream = await TestStream.open(server.url, { token });
      await stream.ended;
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.retry).toBe(Number(training.headers.get('retry-after')) * 1000);
      expect(stream.messages).toHaveLength(1);
      const [message] = stream.messages;
      // No id: a client's cursor stays on the last event it applied.
      expect(message).toMatchObject({ event: STREAM_UNAVAILABLE, id: undefined });
      expect(JSON.parse(message!.data)).toEqual(
        await training.json().then((problem: object) => ({ ...problem, instance: '/v1/me/events', detail: expect.any(String) })),
      );
      // Byte for byte what docs/live-updates.md shows.
      expect(stream.raw).toBe(`retry: ${stream.retry}\n\nevent: ${STREAM_UNAVAILABLE}\ndata: ${message!.data}\n\n`);
      // HEAD is no EventSource's request: it gets the problem.
      expect((await fetch(`${server.url}/v1/me/events`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } })).status).toBe(
        503,
      );
    } finally {
      await database.start();
    }
  });

  it('keeps reconnecting while the database is away, and resumes once it is back', { timeout: 90_000 }, async () => {
    const { source, journal } = journaled(`http://127.0.0.1:${api.port}/v1/me/events`, () => server.tokenFor('northwind'), [
      'snapshot',
      STREAM_UNAVAILABLE,
      'progress.updated',
    ]);
    try {
      const snapshot = await journal.next('message', 0, (e) => e.type === 'snapshot');

      await database.stop();
      // The stream's connection breaks, as when a node restarts or the network blips.
      const cut = journal.entries.length;
      api.drop();
      const dropped = await journal.next('error', cut);
      expect(dropped.entry.readyState).toBe(EventSource.CONNECTING);
      // It reconnects into the outage, is told so, and keeps reconnecting: a 503 would have
      // closed it for good (readyState CLOSED, no reconnect ever).
      const answer = await journal.next('response', dropped.index);
      const told = await journal.next('error', answer.index);
      expect(told.entry.readyState).toBe(EventSource.CONNECTING);
      expect(answer.entry).toMatchObject({ status: 200, contentType: expect.stringMatching(/^text\/event-stream/) });
      expect(journal.entries.slice(answer.index, told.index)).toContainEqual(
        expect.objectContaining({ kind: 'message', type: STREAM_UNAVAILABLE }),
      );

      await database.start();
      const back = journal.entries.length;
      // Committed once the database answers; the EventSource has it from its own resume
      // (Last-Event-ID), whether it reconnects before the commit or after.
      const progress = {
        id: 'eventsource-outage-1',
        type: 'module.progress',
        partnerId: 'northwind',
        moduleId: 'solution-selling',
        percent: 70,
        occurredAt: server.clock.now().toISOString(),
      };
      await expect.poll(async () => (await server.ingest(trainingKey, [progress])).status, { timeout: 30_000, interval: 200 }).toBe(200);
      const arrived = await journal.next('message', back, (e) => e.type === 'progress.updated');
      expect(JSON.parse(arrived.entry.data)).toMatchObject({ moduleId: 'solution-selling', progress: { percent: 70 } });
      expect(Number(arrived.entry.lastEventId)).toBeGreaterThan(Number(snapshot.entry.lastEventId));
      // Resumed, not started over.
      expect(journal.entries.filter((e) => e.kind === 'message' && e.type === 'snapshot')).toHaveLength(1);
    } finally {
      source.close();
    }
  });
});

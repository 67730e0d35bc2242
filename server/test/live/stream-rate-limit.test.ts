// The rate limit on the event stream, as a standard EventSource meets it. By the HTML standard an
// EventSource gives up for good on any answer but a 200 event stream, so a 429 would end a widget's
// live updates until the page reloads: the stream route tells a refusal that waiting changes as a
// short stream instead, and the EventSource comes back by itself once the bucket has refilled.
import { STREAM_UNAVAILABLE } from '@siso/training-core';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startTestServer, type TestServer } from '../support/test-server.ts';
import { journaled } from './eventsource-journal.ts';
import { TestStream } from './sse-client.ts';

// Two requests at once, then one a second by the clock the buckets read: the test decides when it refills.
const clock = new ManualClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '2' }, { clock });
});
afterAll(() => server?.close());

/** A token whose bucket is empty: its burst spent on two plain reads. */
async function spentToken(partnerId: string): Promise<string> {
  const token = await server.tokenFor(partnerId);
  for (let spent = 0; spent < 2; spent += 1) {
    const res = await fetch(`${server.url}/v1/me/training`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  }
  return token;
}

describe('the rate limit on the event stream', () => {
  it('is a short 200 stream for GET: retry: as Retry-After, the 429 problem, the end; other routes and HEAD keep the 429', async () => {
    const token = await spentToken('northwind');
    const training = await fetch(`${server.url}/v1/me/training`, { headers: { authorization: `Bearer ${token}` } });
    expect(training.status).toBe(429);
    const problem = (await training.json()) as { status: number; type: string };

    const stream = await TestStream.open(server.url, { token });
    await stream.ended;
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('x-request-id')).toBeTruthy();
    expect(stream.retry).toBe(Number(training.headers.get('retry-after')) * 1000);
    expect(stream.messages).toHaveLength(1);
    expect(stream.messages[0]).toMatchObject({ event: STREAM_UNAVAILABLE, id: undefined });
    expect(JSON.parse(stream.messages[0]!.data)).toMatchObject({ status: 429, type: problem.type, instance: '/v1/me/events' });

    const head = await fetch(`${server.url}/v1/me/events`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect(head.status).toBe(429);
  });

  it('keeps its status for what waiting will not change: a bad token is a 401 an EventSource stops on', async () => {
    const res = await fetch(`${server.url}/v1/me/events`, {
      headers: { authorization: 'Bearer not-a-token', accept: 'text/event-stream' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('lets a standard EventSource come back by itself once the bucket has refilled', async () => {
    const token = await spentToken('contoso');
    const { source, journal } = journaled(`${server.url}/v1/me/events`, async () => token, ['snapshot', STREAM_UNAVAILABLE]);
    try {
      const told = await journal.next('message', 0, (e) => e.type === STREAM_UNAVAILABLE);
      expect(JSON.parse(told.entry.data)).toMatchObject({ status: 429 });
      // It reconnects rather than closing for good (a 429 would have left it CLOSED).
      const after = await journal.next('error', told.index);
      expect(after.entry.readyState).toBe(EventSource.CONNECTING);
      clock.advance({ seconds: 1 });
      await journal.next('message', after.index, (e) => e.type === 'snapshot');
      expect(source.readyState).toBe(EventSource.OPEN);
    } finally {
      source.close();
    }
  });
});

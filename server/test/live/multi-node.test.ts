// Two server processes on one PostgreSQL behave as one: what is committed through A reaches a
// stream on B, also across a lost listener connection.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLastSeq } from '../../src/events/log.ts';
import { metric } from '../support/metric.ts';
import { testDatabaseKind } from '../support/test-server.ts';
import { startCluster, type Cluster } from './cluster.ts';
import { TestStream } from './sse-client.ts';

const postgres = testDatabaseKind() === 'postgres';

describe.skipIf(!postgres)('two nodes on one PostgreSQL', () => {
  let cluster: Cluster;
  let n = 0;
  beforeAll(async () => {
    cluster = await startCluster(2);
  }, 120_000);
  afterAll(() => cluster?.close());

  // Each call moves a module neither demo partner has started one percent further: a change.
  const progress = async (url: string, partnerId: string) => {
    n += 1;
    const res = await cluster.ingest(url, [
      { id: `mn-${n}`, type: 'module.progress', partnerId, moduleId: 'data-migration', occurredAt: new Date().toISOString(), percent: n },
    ]);
    expect(res.status).toBe(200);
    return res;
  };
  const lastSeq = async (partnerId: string) => (await readLastSeq(cluster.database.db, partnerId))!;

  it('delivers an event committed through A to a subscriber on B', async () => {
    const [a, b] = cluster.urls() as [string, string];
    const from = await lastSeq('northwind');
    const stream = await TestStream.open(b, { token: await cluster.tokenFor('northwind'), lastEventId: String(from) });
    await progress(a, 'northwind');
    const to = await lastSeq('northwind');
    expect(to).toBeGreaterThan(from);
    await stream.until((s) => s.events.at(-1)?.seq === to);
    expect(stream.events.map((e) => e.seq)).toEqual(Array.from({ length: to - from }, (_, i) => from + 1 + i));
    expect(stream.events.some((e) => e.type === 'progress.updated')).toBe(true);
    stream.close();
  });

  it('catches up from the log after its listener connection is lost', async () => {
    const [a, b] = cluster.urls() as [string, string];
    expect(await metric(b, 'siso_event_bus_listening')).toBe(1);
    const reconnectsBefore = await metric(b, 'siso_event_bus_reconnects_total');
    const from = await lastSeq('contoso');
    const stream = await TestStream.open(b, { token: await cluster.tokenFor('contoso'), lastEventId: String(from) });
    await progress(b, 'contoso');
    const followed = await lastSeq('contoso');
    expect(followed).toBeGreaterThan(from);
    await stream.until((s) => s.events.at(-1)?.seq === followed);
    const listeners = sql`select pid from pg_stat_activity where application_name = ${`siso-events:${cluster.schema}`}`;
    const terminated = await cluster.database.db.execute(sql`select pg_terminate_backend(pid) from (${listeners}) l`);
    expect((terminated as { rowCount: number }).rowCount).toBe(2);
    // Committed through A while B's listener is gone (it waits at least 50 ms before it
    // reconnects): B finds the event in the log when it is back.
    await progress(a, 'contoso');
    const to = await lastSeq('contoso');
    await stream.until((s) => s.events.at(-1)?.seq === to);
    await expect
      .poll(async () => {
        const result: unknown = await cluster.database.db.execute(listeners);
        return (result as { rowCount: number }).rowCount;
      })
      .toBe(2);
    // What an operator sees of it on B.
    expect(await metric(b, 'siso_event_bus_listening')).toBe(1);
    expect(await metric(b, 'siso_event_bus_reconnects_total')).toBe(reconnectsBefore + 1);
    expect(stream.events.map((e) => e.seq)).toEqual(Array.from({ length: to - from }, (_, i) => from + 1 + i));
    stream.close();
  });
});

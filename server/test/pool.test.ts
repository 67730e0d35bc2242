// DATABASE_POOL_SIZE bounds each node's PostgreSQL connections, and /metrics shows when queries
// queue for one (the sign to raise it, or to add nodes).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { metric } from './support/metric.ts';
import { startTestServer, testDatabaseKind, type TestServer } from './support/test-server.ts';

describe.skipIf(testDatabaseKind() !== 'postgres')('the PostgreSQL connection pool', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DATABASE_POOL_SIZE: '2' });
  });
  afterAll(() => server?.close());

  it('holds DATABASE_POOL_SIZE connections at most and reports the queries waiting', async () => {
    // Three queries on two connections (drizzle's queries start when awaited, hence the async).
    const sleeps = [1, 2, 3].map(async () => server.database.db.execute(sql`select pg_sleep(1)`));
    await vi.waitFor(async () => expect(await metric(server.url, 'siso_db_pool_waiting_queries')).toBe(1), { timeout: 5_000 });
    expect(await metric(server.url, 'siso_db_pool_connections')).toBe(2);
    expect(await metric(server.url, 'siso_db_pool_idle_connections')).toBe(0);
    await Promise.all(sleeps);
    expect(await metric(server.url, 'siso_db_pool_waiting_queries')).toBe(0);
  });
});

// DATABASE_POOL_SIZE bounds each node's PostgreSQL connections, and /metrics shows when queries
// queue for one (the sign to raise it, or to add nodes).
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metric } from './support/metric.ts';
import { startTestServer, TEST_DATABASE_URL, testDatabaseKind, type TestServer } from './support/test-server.ts';

/** An advisory lock key of this test's own. */
const LOCK = 7_301_001;

describe.skipIf(testDatabaseKind() !== 'postgres')('the PostgreSQL connection pool', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DATABASE_POOL_SIZE: '2' });
  });
  afterAll(() => server?.close());

  it('holds DATABASE_POOL_SIZE connections at most and reports the queries waiting', async () => {
    // Three queries on two connections, each held until the test lets go: they wait for a lock
    // that another session holds (not for a time, which a busy machine could outlast).
    const holder = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [LOCK]);
      // drizzle's queries start when awaited, hence the async.
      const held = [1, 2, 3].map(async () => server.database.db.execute(sql`select pg_advisory_xact_lock_shared(${LOCK})`));
      await expect.poll(() => metric(server.url, 'siso_db_pool_waiting_queries')).toBe(1);
      expect(await metric(server.url, 'siso_db_pool_connections')).toBe(2);
      expect(await metric(server.url, 'siso_db_pool_idle_connections')).toBe(0);
      await holder.query('select pg_advisory_unlock($1)', [LOCK]);
      await Promise.all(held);
      expect(await metric(server.url, 'siso_db_pool_waiting_queries')).toBe(0);
    } finally {
      await holder.end();
    }
  });
});

// Several nodes starting at once on a database they find empty (a first deployment with three
// replicas) must all come up: one applies the migrations, the others wait and find them applied.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { openDatabase } from '../src/db/open.ts';
import { TEST_DATABASE_URL, testDatabaseKind } from './support/test-server.ts';

const postgres = testDatabaseKind() === 'postgres';

describe.skipIf(!postgres)('migrations on PostgreSQL', () => {
  const schemaName = `m_${process.pid}_${randomBytes(4).toString('hex')}`;
  const opened: Database[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()));
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schemaName} cascade`);
    await client.end();
  });

  it('lets nodes that start together on an empty database all come up', async () => {
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => openDatabase({ url: TEST_DATABASE_URL, schemaName, poolSize: 2 })));
    for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
    // Each sees the whole schema, applied once.
    for (const d of opened) await d.db.execute(sql`select count(*) from partners`);
    const applied = await opened[0]!.db.execute(
      sql.raw(`select count(*)::int as n, count(distinct hash)::int as distinct_n from ${schemaName}.__drizzle_migrations`),
    );
    const [row] = (applied as { rows: { n: number; distinct_n: number }[] }).rows;
    expect(row!.n).toBeGreaterThan(0);
    expect(row!.n).toBe(row!.distinct_n);
  });

  it('compresses event payloads and evaluation history with lz4 where the server has it', async () => {
    const { db } = opened[0]!;
    // A server built without lz4 refuses the column; its columns then stay on the default.
    const lz4 = await db
      .transaction((tx) => tx.execute(sql`create temporary table lz4_probe (j jsonb compression lz4) on commit drop`))
      .then(
        () => true,
        () => false,
      );
    const columns = await db.execute(
      sql.raw(`select c.relname as table, a.attname as column, a.attcompression as compression
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = '${schemaName}' and (c.relname, a.attname) in (('events', 'payload'), ('evaluation_history', 'evaluation'))
        order by 1`),
    );
    expect((columns as { rows: unknown[] }).rows).toEqual([
      { table: 'evaluation_history', column: 'evaluation', compression: lz4 ? 'l' : '' },
      { table: 'events', column: 'payload', compression: lz4 ? 'l' : '' },
    ]);
  });
});

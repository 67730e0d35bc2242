// Migration 0008 on a database that already holds certificates: each gets its place in the
// revocation status lists, in the order issued, and new ones continue after them.
import { describe, expect, it } from 'vitest';
import { databaseBefore } from './support/migrations-before.ts';

describe('migration 0008 (status lists)', () => {
  const { client, migrateRest } = databaseBefore('0008_status_list');

  it('gives certificates issued before it their places, in the order issued, and continues after them', async () => {
    await client.exec(`
      insert into certificates (partner_id, id, certification_id, issued_at, expires_at, revoked_at)
      values ('b', 'second', 'x', '2026-02-01T00:00:00Z', '2027-02-01T00:00:00Z', null),
             ('a', 'third', 'x', '2026-03-01T00:00:00Z', '2027-03-01T00:00:00Z', '2026-04-01T00:00:00Z'),
             ('c', 'first', 'x', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', null)`);
    await migrateRest();
    const placed = await client.query<{ id: string; status_index: number }>(
      'select id, status_index from certificates order by status_index',
    );
    expect(placed.rows).toEqual([
      { id: 'first', status_index: 0 },
      { id: 'second', status_index: 1 },
      { id: 'third', status_index: 2 },
    ]);
    const next = await client.query<{ n: number }>(`select nextval('certificate_status_index')::int as n`);
    expect(next.rows[0]?.n).toBe(3);
  });
});

// Migration 0011 on a database holding xAPI receipts stored under ids in upper or mixed case
// (before statement ids were compared in lower case): each becomes its lower-case id, one receipt
// per statement; ingestion event ids, which are the sender's own and case-sensitive, stay as sent.
import { describe, expect, it } from 'vitest';
import { databaseBefore } from './support/migrations-before.ts';

describe('migration 0011 (xAPI receipt ids in lower case)', () => {
  const { client, migrateRest } = databaseBefore('0011_xapi_receipt_ids_lower_case');

  it('lower-cases xAPI receipt ids, keeping the first received where one statement was stored in several cases', async () => {
    await client.exec(`
      insert into ingest_receipts (partner_id, source, item_id, status, type, received_at) values
        ('a', 'xapi', 'FD41C918-B88B-4B20-A0A5-A4C32391AAA0', 'applied', 'completed', '2026-01-01T00:00:00Z'),
        ('a', 'xapi', 'AB000000-0000-4000-8000-000000000001', 'applied', 'completed', '2026-01-02T00:00:00Z'),
        ('b', 'xapi', 'ab000000-0000-4000-8000-000000000001', 'ignored', 'completed', '2026-01-03T00:00:00Z'),
        ('a', 'xapi', 'Ab000000-0000-4000-8000-000000000001', 'applied', 'completed', '2026-01-04T00:00:00Z'),
        ('a', 'xapi', 'cd000000-0000-4000-8000-000000000002', 'applied', 'completed', '2026-01-05T00:00:00Z'),
        ('a', 'events', 'LMS-Event-7', 'applied', 'module.completed', '2026-01-06T00:00:00Z')`);
    await migrateRest();
    const rows = await client.query<{ partner_id: string; source: string; item_id: string; status: string }>(
      'select partner_id, source, item_id, status from ingest_receipts order by source, item_id',
    );
    expect(rows.rows).toEqual([
      { partner_id: 'a', source: 'events', item_id: 'LMS-Event-7', status: 'applied' },
      { partner_id: 'a', source: 'xapi', item_id: 'ab000000-0000-4000-8000-000000000001', status: 'applied' },
      { partner_id: 'a', source: 'xapi', item_id: 'cd000000-0000-4000-8000-000000000002', status: 'applied' },
      { partner_id: 'a', source: 'xapi', item_id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0', status: 'applied' },
    ]);
  });
});

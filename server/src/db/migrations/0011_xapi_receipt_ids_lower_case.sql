-- xAPI statement ids are UUIDs, the same in any case: receipts are looked up by the id in lower
-- case. Receipts stored in another case before that are lower-cased here, so that such a statement,
-- sent again, is still recognised as applied. Where one statement was stored in several cases (it
-- was applied more than once then), the first received stays.
DELETE FROM "ingest_receipts" WHERE "source" = 'xapi' AND ("partner_id", "item_id") IN (
  SELECT "partner_id", "item_id" FROM (
    SELECT "partner_id", "item_id",
      row_number() OVER (PARTITION BY lower("item_id") ORDER BY "received_at", "item_id") AS "n"
    FROM "ingest_receipts" WHERE "source" = 'xapi'
  ) AS "ranked" WHERE "n" > 1
);
--> statement-breakpoint
UPDATE "ingest_receipts" SET "item_id" = lower("item_id") WHERE "source" = 'xapi' AND "item_id" <> lower("item_id");

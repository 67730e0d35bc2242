-- The two columns a change writes the most of (each event's payload and each evaluation history
-- line carry a whole evaluation, 3–3.5 KB of JSON, above the 2 KB at which PostgreSQL compresses)
-- compress with lz4 instead of pglz: the same inserts took a third less database time here
-- (bench/program.ts). Only for values written from now on. A server built without lz4 (the
-- embedded database) keeps pglz.
DO $$
BEGIN
  ALTER TABLE "events" ALTER COLUMN "payload" SET COMPRESSION lz4;
  ALTER TABLE "evaluation_history" ALTER COLUMN "evaluation" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available: events and evaluation history stay compressed with pglz';
END $$;

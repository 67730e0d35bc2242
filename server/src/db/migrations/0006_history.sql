CREATE TABLE "history" (
	"partner_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "history_partner_id_seq_pk" PRIMARY KEY("partner_id","seq")
);
--> statement-breakpoint
-- The milestones already in the event log (core's isHistoryEvent; params as historyEntry keeps them).
INSERT INTO "history" ("partner_id", "seq", "type", "params", "at")
SELECT "partner_id", "seq", "type",
  jsonb_strip_nulls(jsonb_build_object(
    'moduleId', "payload"->'moduleId',
    'from', "payload"->'from',
    'to', "payload"->'to',
    'certificationId', "payload"->'certificate'->'certificationId')),
  "created_at"
FROM "events"
WHERE "type" NOT IN ('progress.updated', 'recommendations.updated');

CREATE TABLE "evaluation_history" (
	"partner_id" text NOT NULL,
	"revision" bigint NOT NULL,
	"policy_version" integer NOT NULL,
	"tier" text NOT NULL,
	"rate" double precision NOT NULL,
	"at_risk" boolean NOT NULL,
	"evaluation" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_history_partner_id_revision_pk" PRIMARY KEY("partner_id","revision")
);
--> statement-breakpoint
CREATE TABLE "ingest_receipts" (
	"partner_id" text NOT NULL,
	"source" text NOT NULL,
	"item_id" text NOT NULL,
	"status" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingest_receipts_partner_id_source_item_id_pk" PRIMARY KEY("partner_id","source","item_id")
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"policy" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_revision" (
	"id" integer PRIMARY KEY NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"hash" text NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "expiring_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "revision" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "evaluation" jsonb;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "rate" double precision;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "at_risk" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "policy_version" integer;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "evaluated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "recommendations_hash" text;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "service_keys_hash_idx" ON "service_keys" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "partners_next_check_at_idx" ON "partners" USING btree ("next_check_at");
ALTER TABLE "policy_changes" ADD COLUMN "cause" text DEFAULT 'policy' NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_changes" ADD COLUMN "again" boolean DEFAULT false NOT NULL;
CREATE SEQUENCE "certificate_status_index" INCREMENT BY 1 MINVALUE 0 MAXVALUE 9223372036854775807 START WITH 0 CACHE 1;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "status_index" integer;--> statement-breakpoint
-- Certificates issued before status lists get their places too, in the order they were issued,
-- so that every revocation, theirs included, is published. (Their signed credentials cannot
-- name the list without being signed again; verification by id and by credential still sees it.)
UPDATE "certificates" AS c SET "status_index" = n."place"
FROM (SELECT "partner_id", "id", (row_number() OVER (ORDER BY "issued_at", "partner_id", "id") - 1)::integer AS "place" FROM "certificates") AS n
WHERE c."partner_id" = n."partner_id" AND c."id" = n."id";--> statement-breakpoint
SELECT setval('certificate_status_index', (SELECT count(*) FROM "certificates"), false);--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_status_index_idx" ON "certificates" USING btree ("status_index");

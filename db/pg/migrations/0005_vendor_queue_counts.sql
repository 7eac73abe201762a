CREATE TABLE "vendor_queue_counts" (
	"vendor_id" bigint NOT NULL,
	"jurisdiction" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "vendor_queue_counts_pk" PRIMARY KEY("vendor_id","jurisdiction","type","status")
);

--> statement-breakpoint
-- The vendor queue's open count, the PostgreSQL form of db/migrations/0011_vendor_queue_counts.sql:
-- a row counts while delivered (received_at set) and not closed; old contribution out, new in.
CREATE FUNCTION "requests_queue_count_trigger"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.received_at IS NOT NULL AND OLD.closed_at IS NULL THEN
    UPDATE "vendor_queue_counts" SET "n" = "n" - 1
    WHERE "vendor_id" = OLD.vendor_id AND "jurisdiction" = OLD.jurisdiction AND "type" = OLD.type AND "status" = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.received_at IS NOT NULL AND NEW.closed_at IS NULL THEN
    INSERT INTO "vendor_queue_counts" AS c ("vendor_id", "jurisdiction", "type", "status", "n")
    VALUES (NEW.vendor_id, NEW.jurisdiction, NEW.type, NEW.status, 1)
    ON CONFLICT ("vendor_id", "jurisdiction", "type", "status") DO UPDATE SET "n" = c."n" + 1;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "requests_queue_count_insert" AFTER INSERT ON "requests"
  FOR EACH ROW EXECUTE FUNCTION "requests_queue_count_trigger"();
--> statement-breakpoint
CREATE TRIGGER "requests_queue_count_delete" AFTER DELETE ON "requests"
  FOR EACH ROW EXECUTE FUNCTION "requests_queue_count_trigger"();
--> statement-breakpoint
CREATE TRIGGER "requests_queue_count_update" AFTER UPDATE OF "vendor_id", "jurisdiction", "type", "status", "received_at", "closed_at" ON "requests"
  FOR EACH ROW EXECUTE FUNCTION "requests_queue_count_trigger"();
--> statement-breakpoint
INSERT INTO "vendor_queue_counts" ("vendor_id", "jurisdiction", "type", "status", "n")
SELECT vendor_id, jurisdiction, type, status, count(*) FROM "requests" WHERE received_at IS NOT NULL AND closed_at IS NULL
GROUP BY 1, 2, 3, 4;

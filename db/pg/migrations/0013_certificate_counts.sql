CREATE TABLE "certificate_counts" (
	"jurisdiction" text NOT NULL,
	"vendor_id" bigint NOT NULL,
	"day" integer NOT NULL,
	"verified" integer DEFAULT 0 NOT NULL,
	"unverified" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "certificate_counts_pk" PRIMARY KEY("jurisdiction","vendor_id","day")
);
--> statement-breakpoint
CREATE INDEX "response_packages_kind_created_idx" ON "response_packages" USING btree ("kind","created_at");--> statement-breakpoint
-- A certificate is "verified" when its payload carries verification.matchesAfter as a number,
-- the same test the dashboard applied to each stored certificate before this table existed.
CREATE OR REPLACE FUNCTION "certificate_is_verified"(p_payload text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN CASE WHEN jsonb_typeof(p_payload::jsonb #> '{verification,matchesAfter}') = 'number' THEN 1 ELSE 0 END;
EXCEPTION WHEN others THEN
  -- Not JSON: counted without verification, never a failed write.
  RETURN 0;
END $$;
--> statement-breakpoint
INSERT INTO "certificate_counts" ("jurisdiction", "vendor_id", "day", "verified", "unverified")
SELECT c."jurisdiction", c."vendor_id", c."day", sum(c.n), sum(1 - c.n)
FROM (
  SELECT r."jurisdiction", r."vendor_id", (p."created_at" / 86400000)::integer AS "day", "certificate_is_verified"(p."payload") AS n
  FROM "response_packages" p JOIN "requests" r ON r."id" = p."request_id"
  WHERE p."kind" = 'deletion_certificate'
) c
GROUP BY c."jurisdiction", c."vendor_id", c."day";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "certificate_counts_apply"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  p_row "response_packages";
  p_sign integer;
  v integer;
BEGIN
  IF TG_OP = 'DELETE' THEN p_row := OLD; p_sign := -1; ELSE p_row := NEW; p_sign := 1; END IF;
  IF p_row."kind" <> 'deletion_certificate' THEN RETURN NULL; END IF;
  v := "certificate_is_verified"(p_row."payload");
  INSERT INTO "certificate_counts" ("jurisdiction", "vendor_id", "day", "verified", "unverified")
  SELECT r."jurisdiction", r."vendor_id", (p_row."created_at" / 86400000)::integer, p_sign * v, p_sign * (1 - v)
  FROM "requests" r WHERE r."id" = p_row."request_id"
  ON CONFLICT ("jurisdiction", "vendor_id", "day") DO UPDATE
    SET "verified" = "certificate_counts"."verified" + excluded."verified",
        "unverified" = "certificate_counts"."unverified" + excluded."unverified";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "response_packages_certificate_insert" AFTER INSERT ON "response_packages"
  FOR EACH ROW EXECUTE FUNCTION "certificate_counts_apply"();
--> statement-breakpoint
CREATE TRIGGER "response_packages_certificate_delete" AFTER DELETE ON "response_packages"
  FOR EACH ROW EXECUTE FUNCTION "certificate_counts_apply"();

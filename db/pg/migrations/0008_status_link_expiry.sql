ALTER TABLE "status_links" ADD COLUMN "last_used_at" bigint;
--> statement-breakpoint
-- As on SQLite (db/migrations/0013_status_link_expiry.sql): links shown before the resident proved
-- the email address are revoked; sent emails lose their payload.
UPDATE "status_links" SET "revoked_at" = "created_at"
WHERE "revoked_at" IS NULL AND "request_id" IN (
  SELECT r."id" FROM "requests" r JOIN "filings" f ON f."id" = r."filing_id"
  WHERE f."email_verified_at" IS NULL OR "status_links"."created_at" < f."email_verified_at"
);
--> statement-breakpoint
UPDATE "email_outbox" SET "payload" = '{"cleared":true}' WHERE "status" = 'sent';
--> statement-breakpoint
-- SQLite's json_remove and json_set, for the forms the identity purge uses (object keys at the top
-- level; json_set with an integer), so one SQL text redacts on both engines.
CREATE FUNCTION json_remove(doc text, VARIADIC paths text[]) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  j jsonb := doc::jsonb;
  p text;
BEGIN
  FOREACH p IN ARRAY paths LOOP
    IF p !~ '^\$\.[A-Za-z_][A-Za-z0-9_]*$' THEN
      RAISE EXCEPTION 'json_remove: unsupported path %', p;
    END IF;
    j := j - substr(p, 3);
  END LOOP;
  RETURN j::text;
END $$;
--> statement-breakpoint
CREATE FUNCTION json_set(doc text, path text, value integer) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
BEGIN
  IF path !~ '^\$\.[A-Za-z_][A-Za-z0-9_]*$' THEN
    RAISE EXCEPTION 'json_set: unsupported path %', path;
  END IF;
  RETURN (doc::jsonb || jsonb_build_object(substr(path, 3), value))::text;
END $$;
--> statement-breakpoint
-- request_events stays append-only with one exception, the identity purge's redaction of free-text
-- fields (once; every other column and code unchanged), exactly as the SQLite trigger allows.
CREATE FUNCTION "guard_request_event_update"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."id" IS NOT DISTINCT FROM OLD."id" AND NEW."request_id" IS NOT DISTINCT FROM OLD."request_id"
     AND NEW."type" IS NOT DISTINCT FROM OLD."type" AND NEW."actor_type" IS NOT DISTINCT FROM OLD."actor_type"
     AND NEW."actor_id" IS NOT DISTINCT FROM OLD."actor_id" AND NEW."at" IS NOT DISTINCT FROM OLD."at"
     AND json_extract(OLD."payload", '$.redacted') IS NULL
     AND NEW."payload" IS NOT DISTINCT FROM json_set(json_remove(OLD."payload", '$.details', '$.urls', '$.reason'), '$.redacted', 1) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
DROP TRIGGER "request_events_no_update" ON "request_events";
--> statement-breakpoint
CREATE TRIGGER "request_events_no_update" BEFORE UPDATE ON "request_events"
  FOR EACH ROW EXECUTE FUNCTION "guard_request_event_update"();

-- The regulator roll-ups gain the request type in their keys (as SQLite migration 0016): emptied
-- first (a NOT NULL column cannot be added to rows without a value), rebuilt with the type, and
-- recomputed below from every request row through the triggers' own function.
TRUNCATE "regulator_daily", "regulator_daily_denials", "regulator_daily_open_due", "regulator_monthly_durations";--> statement-breakpoint
CREATE TABLE "transparency_responses" (
	"vendor_id" bigint PRIMARY KEY NOT NULL,
	"published_en" text,
	"published_fr" text,
	"published_at" bigint,
	"draft_en" text,
	"draft_fr" text,
	"draft_status" text,
	"draft_submitted_at" bigint,
	"draft_submitted_by" bigint,
	"rejection_reason" text,
	"reviewed_at" bigint,
	"reviewed_by" bigint
);
--> statement-breakpoint
ALTER TABLE "regulator_daily" ADD COLUMN "type" text NOT NULL;--> statement-breakpoint
ALTER TABLE "regulator_daily_denials" ADD COLUMN "type" text NOT NULL;--> statement-breakpoint
ALTER TABLE "regulator_daily_open_due" ADD COLUMN "type" text NOT NULL;--> statement-breakpoint
ALTER TABLE "regulator_monthly_durations" ADD COLUMN "type" text NOT NULL;--> statement-breakpoint
ALTER TABLE "transparency_responses" ADD CONSTRAINT "transparency_responses_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transparency_responses" ADD CONSTRAINT "transparency_responses_draft_submitted_by_users_id_fk" FOREIGN KEY ("draft_submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transparency_responses" ADD CONSTRAINT "transparency_responses_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regulator_daily" DROP CONSTRAINT "regulator_daily_pk";
--> statement-breakpoint
ALTER TABLE "regulator_daily" ADD CONSTRAINT "regulator_daily_pk" PRIMARY KEY("jurisdiction","vendor_id","day","type");--> statement-breakpoint
ALTER TABLE "regulator_daily_denials" DROP CONSTRAINT "regulator_daily_denials_pk";
--> statement-breakpoint
ALTER TABLE "regulator_daily_denials" ADD CONSTRAINT "regulator_daily_denials_pk" PRIMARY KEY("jurisdiction","vendor_id","day","basis","type");--> statement-breakpoint
ALTER TABLE "regulator_daily_open_due" DROP CONSTRAINT "regulator_daily_open_due_pk";
--> statement-breakpoint
ALTER TABLE "regulator_daily_open_due" ADD CONSTRAINT "regulator_daily_open_due_pk" PRIMARY KEY("jurisdiction","vendor_id","day","due_day","type");--> statement-breakpoint
ALTER TABLE "regulator_monthly_durations" DROP CONSTRAINT "regulator_monthly_durations_pk";
--> statement-breakpoint
ALTER TABLE "regulator_monthly_durations" ADD CONSTRAINT "regulator_monthly_durations_pk" PRIMARY KEY("jurisdiction","vendor_id","month","duration_day","type");
--> statement-breakpoint
-- The roll-up function of migration 0002, with the request type in every key.
CREATE OR REPLACE FUNCTION "requests_rollup_apply"(p_row "requests", p_sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  -- NULL when outcome is NULL; every use is wrapped in coalesce(…, 0) as on SQLite.
  v_answered boolean := p_row.outcome IN ('fulfilled','partially_fulfilled','denied');
  v_bucket integer := CASE
    WHEN (p_row.closed_at - p_row.received_at) / 86400000.0 <= 7 THEN 0
    WHEN (p_row.closed_at - p_row.received_at) / 86400000.0 <= 14 THEN 1
    WHEN (p_row.closed_at - p_row.received_at) / 86400000.0 <= 30 THEN 2
    WHEN (p_row.closed_at - p_row.received_at) / 86400000.0 <= 45 THEN 3
    WHEN (p_row.closed_at - p_row.received_at) / 86400000.0 <= 60 THEN 4
    WHEN (p_row.closed_at - p_row.received_at) / 86400000.0 <= 90 THEN 5
    ELSE 6 END;
BEGIN
  -- Requests never received are not counted anywhere.
  IF p_row.received_at IS NULL THEN
    RETURN;
  END IF;

  INSERT INTO "regulator_daily" AS d ("jurisdiction", "vendor_id", "type", "day", "received", "fulfilled", "partially_fulfilled", "denied", "withdrawn", "answered", "on_time", "timed_n", "timed_ms_sum", "ack_required", "ack_on_time", "extended", "open", "h0", "h1", "h2", "h3", "h4", "h5", "h6")
  VALUES (
    p_row.jurisdiction,
    p_row.vendor_id, p_row.type,
    p_row.received_at / 86400000,
    p_sign,
    p_sign * coalesce((p_row.outcome = 'fulfilled')::integer, 0),
    p_sign * coalesce((p_row.outcome = 'partially_fulfilled')::integer, 0),
    p_sign * coalesce((p_row.outcome = 'denied')::integer, 0),
    p_sign * coalesce((p_row.outcome = 'withdrawn')::integer, 0),
    p_sign * coalesce(v_answered::integer, 0),
    p_sign * coalesce((v_answered AND p_row.closed_at <= p_row.due_at)::integer, 0),
    p_sign * coalesce((v_answered AND p_row.closed_at IS NOT NULL)::integer, 0),
    p_sign * (CASE WHEN v_answered AND p_row.closed_at IS NOT NULL THEN p_row.closed_at - p_row.received_at ELSE 0 END),
    p_sign * (p_row.ack_due_at IS NOT NULL)::integer,
    p_sign * coalesce((p_row.ack_due_at IS NOT NULL AND p_row.acknowledged_at IS NOT NULL AND p_row.acknowledged_at <= p_row.ack_due_at)::integer, 0),
    p_sign * (p_row.extended_to IS NOT NULL)::integer,
    p_sign * (p_row.closed_at IS NULL)::integer,
    p_sign * coalesce((v_answered AND v_bucket = 0)::integer, 0),
    p_sign * coalesce((v_answered AND v_bucket = 1)::integer, 0),
    p_sign * coalesce((v_answered AND v_bucket = 2)::integer, 0),
    p_sign * coalesce((v_answered AND v_bucket = 3)::integer, 0),
    p_sign * coalesce((v_answered AND v_bucket = 4)::integer, 0),
    p_sign * coalesce((v_answered AND v_bucket = 5)::integer, 0),
    p_sign * coalesce((v_answered AND v_bucket = 6)::integer, 0)
  )
  ON CONFLICT ("jurisdiction", "vendor_id", "type", "day") DO UPDATE SET
    "received" = d."received" + excluded."received",
    "fulfilled" = d."fulfilled" + excluded."fulfilled",
    "partially_fulfilled" = d."partially_fulfilled" + excluded."partially_fulfilled",
    "denied" = d."denied" + excluded."denied",
    "withdrawn" = d."withdrawn" + excluded."withdrawn",
    "answered" = d."answered" + excluded."answered",
    "on_time" = d."on_time" + excluded."on_time",
    "timed_n" = d."timed_n" + excluded."timed_n",
    "timed_ms_sum" = d."timed_ms_sum" + excluded."timed_ms_sum",
    "ack_required" = d."ack_required" + excluded."ack_required",
    "ack_on_time" = d."ack_on_time" + excluded."ack_on_time",
    "extended" = d."extended" + excluded."extended",
    "open" = d."open" + excluded."open",
    "h0" = d."h0" + excluded."h0",
    "h1" = d."h1" + excluded."h1",
    "h2" = d."h2" + excluded."h2",
    "h3" = d."h3" + excluded."h3",
    "h4" = d."h4" + excluded."h4",
    "h5" = d."h5" + excluded."h5",
    "h6" = d."h6" + excluded."h6";

  IF p_row.outcome = 'denied' THEN
    INSERT INTO "regulator_daily_denials" AS d ("jurisdiction", "vendor_id", "type", "day", "basis", "n")
    VALUES (p_row.jurisdiction, p_row.vendor_id, p_row.type, p_row.received_at / 86400000, coalesce(p_row.denial_basis, 'other'), p_sign)
    ON CONFLICT ("jurisdiction", "vendor_id", "type", "day", "basis") DO UPDATE SET "n" = d."n" + excluded."n";
  END IF;

  IF p_row.closed_at IS NULL AND p_row.due_at IS NOT NULL THEN
    INSERT INTO "regulator_daily_open_due" AS d ("jurisdiction", "vendor_id", "type", "day", "due_day", "n")
    VALUES (p_row.jurisdiction, p_row.vendor_id, p_row.type, p_row.received_at / 86400000, p_row.due_at / 86400000, p_sign)
    ON CONFLICT ("jurisdiction", "vendor_id", "type", "day", "due_day") DO UPDATE SET "n" = d."n" + excluded."n";
  END IF;

  IF v_answered AND p_row.closed_at IS NOT NULL THEN
    -- SQLite: strftime('%Y-%m', received_at / 1000, 'unixepoch'), i.e. the UTC month of receipt.
    INSERT INTO "regulator_monthly_durations" AS d ("jurisdiction", "vendor_id", "type", "month", "duration_day", "n")
    VALUES (
      p_row.jurisdiction,
      p_row.vendor_id, p_row.type,
      to_char(to_timestamp(p_row.received_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM'),
      (p_row.closed_at - p_row.received_at) / 86400000,
      p_sign
    )
    ON CONFLICT ("jurisdiction", "vendor_id", "type", "month", "duration_day") DO UPDATE SET "n" = d."n" + excluded."n";
  END IF;
END;
$$;
--> statement-breakpoint
DROP TRIGGER "requests_rollup_update" ON "requests";--> statement-breakpoint
-- A change of type moves the request between roll-up rows: it is in the column list now.
CREATE TRIGGER "requests_rollup_update" AFTER UPDATE OF "vendor_id", "jurisdiction", "type", "received_at", "outcome", "closed_at", "due_at", "ack_due_at", "acknowledged_at", "extended_to", "denial_basis" ON "requests"
  FOR EACH ROW EXECUTE FUNCTION "requests_rollup_trigger"();
--> statement-breakpoint
-- Backfill: every existing request applied once, as its insert trigger would.
SELECT "requests_rollup_apply"(r, 1) FROM "requests" r;

-- Regulator dashboard roll-ups, the PostgreSQL form of db/migrations/0009_regulator_rollups.sql:
-- every write to "requests" subtracts the row's old contribution and adds its new one in the same
-- transaction. One function applies a row with a sign (+1 new, -1 old) instead of SQLite's
-- repeated per-trigger statements; the expressions are the same, including the NULL behaviour
-- (an answered request without closed_at falls in bucket 6, exactly as on SQLite).
-- No backfill: this migration runs before "requests" can hold a row.
CREATE FUNCTION "requests_rollup_apply"(p_row "requests", p_sign integer) RETURNS void
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

  INSERT INTO "regulator_daily" AS d ("jurisdiction", "vendor_id", "day", "received", "fulfilled", "partially_fulfilled", "denied", "withdrawn", "answered", "on_time", "timed_n", "timed_ms_sum", "ack_required", "ack_on_time", "extended", "open", "h0", "h1", "h2", "h3", "h4", "h5", "h6")
  VALUES (
    p_row.jurisdiction,
    p_row.vendor_id,
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
  ON CONFLICT ("jurisdiction", "vendor_id", "day") DO UPDATE SET
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
    INSERT INTO "regulator_daily_denials" AS d ("jurisdiction", "vendor_id", "day", "basis", "n")
    VALUES (p_row.jurisdiction, p_row.vendor_id, p_row.received_at / 86400000, coalesce(p_row.denial_basis, 'other'), p_sign)
    ON CONFLICT ("jurisdiction", "vendor_id", "day", "basis") DO UPDATE SET "n" = d."n" + excluded."n";
  END IF;

  IF p_row.closed_at IS NULL AND p_row.due_at IS NOT NULL THEN
    INSERT INTO "regulator_daily_open_due" AS d ("jurisdiction", "vendor_id", "day", "due_day", "n")
    VALUES (p_row.jurisdiction, p_row.vendor_id, p_row.received_at / 86400000, p_row.due_at / 86400000, p_sign)
    ON CONFLICT ("jurisdiction", "vendor_id", "day", "due_day") DO UPDATE SET "n" = d."n" + excluded."n";
  END IF;

  IF v_answered AND p_row.closed_at IS NOT NULL THEN
    -- SQLite: strftime('%Y-%m', received_at / 1000, 'unixepoch'), i.e. the UTC month of receipt.
    INSERT INTO "regulator_monthly_durations" AS d ("jurisdiction", "vendor_id", "month", "duration_day", "n")
    VALUES (
      p_row.jurisdiction,
      p_row.vendor_id,
      to_char(to_timestamp(p_row.received_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM'),
      (p_row.closed_at - p_row.received_at) / 86400000,
      p_sign
    )
    ON CONFLICT ("jurisdiction", "vendor_id", "month", "duration_day") DO UPDATE SET "n" = d."n" + excluded."n";
  END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "requests_rollup_trigger"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM "requests_rollup_apply"(OLD, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM "requests_rollup_apply"(NEW, 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "requests_rollup_insert" AFTER INSERT ON "requests"
  FOR EACH ROW EXECUTE FUNCTION "requests_rollup_trigger"();
--> statement-breakpoint
CREATE TRIGGER "requests_rollup_delete" AFTER DELETE ON "requests"
  FOR EACH ROW EXECUTE FUNCTION "requests_rollup_trigger"();
--> statement-breakpoint
-- Same column list as SQLite: an update touching none of them cannot change a roll-up.
CREATE TRIGGER "requests_rollup_update" AFTER UPDATE OF "vendor_id", "jurisdiction", "received_at", "outcome", "closed_at", "due_at", "ack_due_at", "acknowledged_at", "extended_to", "denial_basis" ON "requests"
  FOR EACH ROW EXECUTE FUNCTION "requests_rollup_trigger"();

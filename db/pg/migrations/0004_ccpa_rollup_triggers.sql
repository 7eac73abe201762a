-- CCPA §7102 yearly roll-ups, the PostgreSQL form of the triggers and backfill in
-- db/migrations/0010_ccpa_rollups.sql: every write to "requests" subtracts the row's old
-- contribution and adds its new one in the same transaction. As in 0002, one function applies a
-- row with a sign (+1 new, -1 old); the expressions are SQLite's, including integer division
-- (bigint / bigint truncates toward zero on both engines) and the NULL behaviour.
CREATE FUNCTION "requests_yearly_rollup_apply"(p_row "requests", p_sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  -- NULL when outcome is NULL; every use is wrapped in coalesce(…, 0) as on SQLite.
  v_answered boolean := p_row.outcome IN ('fulfilled','partially_fulfilled','denied');
  v_denied boolean := p_row.outcome = 'denied';
  -- SQLite: CAST(strftime('%Y', received_at / 1000, 'unixepoch') AS INTEGER), the UTC year of receipt.
  v_year integer := EXTRACT(YEAR FROM to_timestamp(p_row.received_at / 1000) AT TIME ZONE 'UTC')::integer;
BEGIN
  -- Requests never received are not counted anywhere.
  IF p_row.received_at IS NULL THEN
    RETURN;
  END IF;

  INSERT INTO "regulator_yearly_types" AS y ("jurisdiction", "year", "vendor_id", "type", "received", "complied", "denied", "denied_identity_not_verified", "denied_not_a_resident", "denied_exempt_information", "timed_n", "timed_ms_sum")
  VALUES (
    p_row.jurisdiction,
    v_year,
    p_row.vendor_id,
    p_row.type,
    p_sign,
    p_sign * coalesce((p_row.outcome IN ('fulfilled','partially_fulfilled'))::integer, 0),
    p_sign * coalesce(v_denied::integer, 0),
    p_sign * coalesce((v_denied AND p_row.denial_basis = 'identity_not_verified')::integer, 0),
    p_sign * coalesce((v_denied AND p_row.denial_basis = 'not_a_resident')::integer, 0),
    p_sign * coalesce((v_denied AND p_row.denial_basis = 'exempt_information')::integer, 0),
    p_sign * coalesce((v_answered AND p_row.closed_at IS NOT NULL)::integer, 0),
    p_sign * (CASE WHEN v_answered AND p_row.closed_at IS NOT NULL THEN p_row.closed_at - p_row.received_at ELSE 0 END)
  )
  ON CONFLICT ("jurisdiction", "year", "vendor_id", "type") DO UPDATE SET
    "received" = y."received" + excluded."received",
    "complied" = y."complied" + excluded."complied",
    "denied" = y."denied" + excluded."denied",
    "denied_identity_not_verified" = y."denied_identity_not_verified" + excluded."denied_identity_not_verified",
    "denied_not_a_resident" = y."denied_not_a_resident" + excluded."denied_not_a_resident",
    "denied_exempt_information" = y."denied_exempt_information" + excluded."denied_exempt_information",
    "timed_n" = y."timed_n" + excluded."timed_n",
    "timed_ms_sum" = y."timed_ms_sum" + excluded."timed_ms_sum";

  IF v_answered AND p_row.closed_at IS NOT NULL THEN
    INSERT INTO "regulator_yearly_type_durations" AS d ("jurisdiction", "year", "vendor_id", "type", "duration_day", "n")
    VALUES (p_row.jurisdiction, v_year, p_row.vendor_id, p_row.type, (p_row.closed_at - p_row.received_at) / 86400000, p_sign)
    ON CONFLICT ("jurisdiction", "year", "vendor_id", "type", "duration_day") DO UPDATE SET "n" = d."n" + excluded."n";
  END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "requests_yearly_rollup_trigger"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM "requests_yearly_rollup_apply"(OLD, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM "requests_yearly_rollup_apply"(NEW, 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "requests_yearly_rollup_insert" AFTER INSERT ON "requests"
  FOR EACH ROW EXECUTE FUNCTION "requests_yearly_rollup_trigger"();
--> statement-breakpoint
CREATE TRIGGER "requests_yearly_rollup_delete" AFTER DELETE ON "requests"
  FOR EACH ROW EXECUTE FUNCTION "requests_yearly_rollup_trigger"();
--> statement-breakpoint
-- Same column list as SQLite: an update touching none of them cannot change these roll-ups.
CREATE TRIGGER "requests_yearly_rollup_update" AFTER UPDATE OF "vendor_id", "jurisdiction", "type", "received_at", "outcome", "closed_at", "denial_basis" ON "requests"
  FOR EACH ROW EXECUTE FUNCTION "requests_yearly_rollup_trigger"();
--> statement-breakpoint
-- Backfill: unlike 0002, this migration can run on a database that already holds requests.
INSERT INTO "regulator_yearly_types" ("jurisdiction", "year", "vendor_id", "type", "received", "complied", "denied", "denied_identity_not_verified", "denied_not_a_resident", "denied_exempt_information", "timed_n", "timed_ms_sum")
SELECT "jurisdiction", EXTRACT(YEAR FROM to_timestamp("received_at" / 1000) AT TIME ZONE 'UTC')::integer, "vendor_id", "type",
  count(*),
  count(*) FILTER (WHERE "outcome" IN ('fulfilled','partially_fulfilled')),
  count(*) FILTER (WHERE "outcome" = 'denied'),
  count(*) FILTER (WHERE "outcome" = 'denied' AND "denial_basis" = 'identity_not_verified'),
  count(*) FILTER (WHERE "outcome" = 'denied' AND "denial_basis" = 'not_a_resident'),
  count(*) FILTER (WHERE "outcome" = 'denied' AND "denial_basis" = 'exempt_information'),
  count(*) FILTER (WHERE "outcome" IN ('fulfilled','partially_fulfilled','denied') AND "closed_at" IS NOT NULL),
  coalesce(sum("closed_at" - "received_at") FILTER (WHERE "outcome" IN ('fulfilled','partially_fulfilled','denied') AND "closed_at" IS NOT NULL), 0)
FROM "requests" WHERE "received_at" IS NOT NULL
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "regulator_yearly_type_durations" ("jurisdiction", "year", "vendor_id", "type", "duration_day", "n")
SELECT "jurisdiction", EXTRACT(YEAR FROM to_timestamp("received_at" / 1000) AT TIME ZONE 'UTC')::integer, "vendor_id", "type", ("closed_at" - "received_at") / 86400000, count(*)
FROM "requests" WHERE "received_at" IS NOT NULL AND "outcome" IN ('fulfilled','partially_fulfilled','denied') AND "closed_at" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

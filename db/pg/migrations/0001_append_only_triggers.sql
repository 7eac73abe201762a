-- The audit log, each request's legal history and the signed audit checkpoints are append-only,
-- as on SQLite (db/migrations/0001_append_only_triggers.sql and 0002_audit_checkpoints.sql):
-- a row-level BEFORE UPDATE / BEFORE DELETE trigger refuses the change with the same message.
-- (Verification still detects edits made behind these triggers' back; see app/server/audit.server.ts.)
CREATE FUNCTION "refuse_append_only_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_update" BEFORE UPDATE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_delete" BEFORE DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
-- PostgreSQL's TRUNCATE fires no row triggers (SQLite has no TRUNCATE), so it is refused separately.
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "request_events_no_update" BEFORE UPDATE ON "request_events"
  FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "request_events_no_delete" BEFORE DELETE ON "request_events"
  FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "request_events_no_truncate" BEFORE TRUNCATE ON "request_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_no_update" BEFORE UPDATE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_no_delete" BEFORE DELETE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_no_truncate" BEFORE TRUNCATE ON "audit_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
-- Triggers only bind roles that cannot drop them: the application role must not own these tables
-- nor be a superuser (ALTER TABLE … DISABLE TRIGGER needs ownership; session_replication_role
-- needs superuser). Privileges are the second lock; PUBLIC never gets to rewrite history.
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events", "request_events", "audit_checkpoints" FROM PUBLIC;

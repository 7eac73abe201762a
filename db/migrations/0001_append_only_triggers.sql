-- The audit log is append-only: the application connection can never rewrite history.
-- (Verification still detects edits made behind these triggers' back; see app/server/audit.server.ts.)
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
--> statement-breakpoint
-- request_events is the legal history of each request: append-only as well.
CREATE TRIGGER `request_events_no_update` BEFORE UPDATE ON `request_events`
BEGIN
  SELECT RAISE(ABORT, 'request_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `request_events_no_delete` BEFORE DELETE ON `request_events`
BEGIN
  SELECT RAISE(ABORT, 'request_events is append-only');
END;

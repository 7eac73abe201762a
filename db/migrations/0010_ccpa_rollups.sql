CREATE TABLE `regulator_yearly_type_durations` (
	`jurisdiction` text NOT NULL,
	`vendor_id` integer NOT NULL,
	`type` text NOT NULL,
	`year` integer NOT NULL,
	`duration_day` integer NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`jurisdiction`, `year`, `vendor_id`, `type`, `duration_day`)
);
--> statement-breakpoint
CREATE TABLE `regulator_yearly_types` (
	`jurisdiction` text NOT NULL,
	`vendor_id` integer NOT NULL,
	`type` text NOT NULL,
	`year` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`complied` integer DEFAULT 0 NOT NULL,
	`denied` integer DEFAULT 0 NOT NULL,
	`denied_identity_not_verified` integer DEFAULT 0 NOT NULL,
	`denied_not_a_resident` integer DEFAULT 0 NOT NULL,
	`denied_exempt_information` integer DEFAULT 0 NOT NULL,
	`timed_n` integer DEFAULT 0 NOT NULL,
	`timed_ms_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`jurisdiction`, `year`, `vendor_id`, `type`)
);
--> statement-breakpoint
CREATE INDEX `requests_type_duration_idx` ON `requests` (`vendor_id`,`jurisdiction`,`type`,((closed_at - received_at) / 86400000),`received_at`,`closed_at`,`outcome`) WHERE outcome IN ('fulfilled','partially_fulfilled','denied');
--> statement-breakpoint
-- Roll-ups for the CCPA §7102 annual report, kept like those of migration 0009:
-- every write to `requests` subtracts the row's old contribution and adds its new one in the same
-- transaction, whatever code path writes it. Keyed by the UTC calendar year of receipt, the
-- report's period, so the report reads no request row except one duration bucket per median.
CREATE TRIGGER `requests_yearly_rollup_insert` AFTER INSERT ON `requests`
BEGIN
  INSERT INTO `regulator_yearly_types` (`jurisdiction`, `vendor_id`, `type`, `year`, `received`, `complied`, `denied`, `denied_identity_not_verified`, `denied_not_a_resident`, `denied_exempt_information`, `timed_n`, `timed_ms_sum`)
  SELECT NEW.jurisdiction, NEW.vendor_id, NEW.type, CAST(strftime('%Y', NEW.received_at / 1000, 'unixepoch') AS INTEGER), (1), (coalesce(NEW.outcome IN ('fulfilled','partially_fulfilled'), 0)), (coalesce(NEW.outcome = 'denied', 0)), (coalesce(NEW.outcome = 'denied' AND NEW.denial_basis = 'identity_not_verified', 0)), (coalesce(NEW.outcome = 'denied' AND NEW.denial_basis = 'not_a_resident', 0)), (coalesce(NEW.outcome = 'denied' AND NEW.denial_basis = 'exempt_information', 0)), (coalesce(NEW.outcome IN ('fulfilled','partially_fulfilled','denied') AND NEW.closed_at IS NOT NULL, 0)), (CASE WHEN NEW.outcome IN ('fulfilled','partially_fulfilled','denied') AND NEW.closed_at IS NOT NULL THEN NEW.closed_at - NEW.received_at ELSE 0 END) WHERE NEW.received_at IS NOT NULL
  ON CONFLICT (`jurisdiction`, `year`, `vendor_id`, `type`) DO UPDATE SET `received` = `received` + excluded.`received`, `complied` = `complied` + excluded.`complied`, `denied` = `denied` + excluded.`denied`, `denied_identity_not_verified` = `denied_identity_not_verified` + excluded.`denied_identity_not_verified`, `denied_not_a_resident` = `denied_not_a_resident` + excluded.`denied_not_a_resident`, `denied_exempt_information` = `denied_exempt_information` + excluded.`denied_exempt_information`, `timed_n` = `timed_n` + excluded.`timed_n`, `timed_ms_sum` = `timed_ms_sum` + excluded.`timed_ms_sum`;
  INSERT INTO `regulator_yearly_type_durations` (`jurisdiction`, `vendor_id`, `type`, `year`, `duration_day`, `n`)
  SELECT NEW.jurisdiction, NEW.vendor_id, NEW.type, CAST(strftime('%Y', NEW.received_at / 1000, 'unixepoch') AS INTEGER), (NEW.closed_at - NEW.received_at) / 86400000, (1) WHERE NEW.received_at IS NOT NULL AND NEW.outcome IN ('fulfilled','partially_fulfilled','denied') AND NEW.closed_at IS NOT NULL
  ON CONFLICT (`jurisdiction`, `year`, `vendor_id`, `type`, `duration_day`) DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `requests_yearly_rollup_delete` AFTER DELETE ON `requests`
BEGIN
  INSERT INTO `regulator_yearly_types` (`jurisdiction`, `vendor_id`, `type`, `year`, `received`, `complied`, `denied`, `denied_identity_not_verified`, `denied_not_a_resident`, `denied_exempt_information`, `timed_n`, `timed_ms_sum`)
  SELECT OLD.jurisdiction, OLD.vendor_id, OLD.type, CAST(strftime('%Y', OLD.received_at / 1000, 'unixepoch') AS INTEGER), -(1), -(coalesce(OLD.outcome IN ('fulfilled','partially_fulfilled'), 0)), -(coalesce(OLD.outcome = 'denied', 0)), -(coalesce(OLD.outcome = 'denied' AND OLD.denial_basis = 'identity_not_verified', 0)), -(coalesce(OLD.outcome = 'denied' AND OLD.denial_basis = 'not_a_resident', 0)), -(coalesce(OLD.outcome = 'denied' AND OLD.denial_basis = 'exempt_information', 0)), -(coalesce(OLD.outcome IN ('fulfilled','partially_fulfilled','denied') AND OLD.closed_at IS NOT NULL, 0)), -(CASE WHEN OLD.outcome IN ('fulfilled','partially_fulfilled','denied') AND OLD.closed_at IS NOT NULL THEN OLD.closed_at - OLD.received_at ELSE 0 END) WHERE OLD.received_at IS NOT NULL
  ON CONFLICT (`jurisdiction`, `year`, `vendor_id`, `type`) DO UPDATE SET `received` = `received` + excluded.`received`, `complied` = `complied` + excluded.`complied`, `denied` = `denied` + excluded.`denied`, `denied_identity_not_verified` = `denied_identity_not_verified` + excluded.`denied_identity_not_verified`, `denied_not_a_resident` = `denied_not_a_resident` + excluded.`denied_not_a_resident`, `denied_exempt_information` = `denied_exempt_information` + excluded.`denied_exempt_information`, `timed_n` = `timed_n` + excluded.`timed_n`, `timed_ms_sum` = `timed_ms_sum` + excluded.`timed_ms_sum`;
  INSERT INTO `regulator_yearly_type_durations` (`jurisdiction`, `vendor_id`, `type`, `year`, `duration_day`, `n`)
  SELECT OLD.jurisdiction, OLD.vendor_id, OLD.type, CAST(strftime('%Y', OLD.received_at / 1000, 'unixepoch') AS INTEGER), (OLD.closed_at - OLD.received_at) / 86400000, -(1) WHERE OLD.received_at IS NOT NULL AND OLD.outcome IN ('fulfilled','partially_fulfilled','denied') AND OLD.closed_at IS NOT NULL
  ON CONFLICT (`jurisdiction`, `year`, `vendor_id`, `type`, `duration_day`) DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
-- Only the columns the report depends on: other updates (status, assignee, …) cost nothing here.
CREATE TRIGGER `requests_yearly_rollup_update` AFTER UPDATE OF `vendor_id`, `jurisdiction`, `type`, `received_at`, `outcome`, `closed_at`, `denial_basis` ON `requests`
BEGIN
  INSERT INTO `regulator_yearly_types` (`jurisdiction`, `vendor_id`, `type`, `year`, `received`, `complied`, `denied`, `denied_identity_not_verified`, `denied_not_a_resident`, `denied_exempt_information`, `timed_n`, `timed_ms_sum`)
  SELECT OLD.jurisdiction, OLD.vendor_id, OLD.type, CAST(strftime('%Y', OLD.received_at / 1000, 'unixepoch') AS INTEGER), -(1), -(coalesce(OLD.outcome IN ('fulfilled','partially_fulfilled'), 0)), -(coalesce(OLD.outcome = 'denied', 0)), -(coalesce(OLD.outcome = 'denied' AND OLD.denial_basis = 'identity_not_verified', 0)), -(coalesce(OLD.outcome = 'denied' AND OLD.denial_basis = 'not_a_resident', 0)), -(coalesce(OLD.outcome = 'denied' AND OLD.denial_basis = 'exempt_information', 0)), -(coalesce(OLD.outcome IN ('fulfilled','partially_fulfilled','denied') AND OLD.closed_at IS NOT NULL, 0)), -(CASE WHEN OLD.outcome IN ('fulfilled','partially_fulfilled','denied') AND OLD.closed_at IS NOT NULL THEN OLD.closed_at - OLD.received_at ELSE 0 END) WHERE OLD.received_at IS NOT NULL
  ON CONFLICT (`jurisdiction`, `year`, `vendor_id`, `type`) DO UPDATE SET `received` = `received` + excluded.`received`, `complied` = `complied` + excluded.`complied`, `denied` = `denied` + excluded.`denied`, `denied_identity_not_verified` = `denied_identity_not_verified` + excluded.`denied_identity_not_verified`, `denied_not_a_resident` = `denied_not_a_resident` + excluded.`denied_not_a_resident`, `denied_exempt_information` = `denied_exempt_information` + excluded.`denied_exempt_information`, `timed_n` = `timed_n` + excluded.`timed_n`, `timed_ms_sum` = `timed_ms_sum` + excluded.`timed_ms_sum`;
  INSERT INTO `regulator_yearly_type_durations` (`jurisdiction`, `vendor_id`, `type`, `year`, `duration_day`, `n`)
  SELECT OLD.jurisdiction, OLD.vendor_id, OLD.type, CAST(strftime('%Y', OLD.received_at / 1000, 'unixepoch') AS INTEGER), (OLD.closed_at - OLD.received_at) / 86400000, -(1) WHERE OLD.received_at IS NOT NULL AND OLD.outcome IN ('fulfilled','partially_fulfilled','denied') AND OLD.closed_at IS NOT NULL
  ON CONFLICT (`jurisdiction`, `year`, `vendor_id`, `type`, `duration_day`) DO UPDATE SET `n` = `n` + excluded.`n`;
  INSERT INTO `regulator_yearly_types` (`jurisdiction`, `vendor_id`, `type`, `year`, `received`, `complied`, `denied`, `denied_identity_not_verified`, `denied_not_a_resident`, `denied_exempt_information`, `timed_n`, `timed_ms_sum`)
  SELECT NEW.jurisdiction, NEW.vendor_id, NEW.type, CAST(strftime('%Y', NEW.received_at / 1000, 'unixepoch') AS INTEGER), (1), (coalesce(NEW.outcome IN ('fulfilled','partially_fulfilled'), 0)), (coalesce(NEW.outcome = 'denied', 0)), (coalesce(NEW.outcome = 'denied' AND NEW.denial_basis = 'identity_not_verified', 0)), (coalesce(NEW.outcome = 'denied' AND NEW.denial_basis = 'not_a_resident', 0)), (coalesce(NEW.outcome = 'denied' AND NEW.denial_basis = 'exempt_information', 0)), (coalesce(NEW.outcome IN ('fulfilled','partially_fulfilled','denied') AND NEW.closed_at IS NOT NULL, 0)), (CASE WHEN NEW.outcome IN ('fulfilled','partially_fulfilled','denied') AND NEW.closed_at IS NOT NULL THEN NEW.closed_at - NEW.received_at ELSE 0 END) WHERE NEW.received_at IS NOT NULL
  ON CONFLICT (`jurisdiction`, `year`, `vendor_id`, `type`) DO UPDATE SET `received` = `received` + excluded.`received`, `complied` = `complied` + excluded.`complied`, `denied` = `denied` + excluded.`denied`, `denied_identity_not_verified` = `denied_identity_not_verified` + excluded.`denied_identity_not_verified`, `denied_not_a_resident` = `denied_not_a_resident` + excluded.`denied_not_a_resident`, `denied_exempt_information` = `denied_exempt_information` + excluded.`denied_exempt_information`, `timed_n` = `timed_n` + excluded.`timed_n`, `timed_ms_sum` = `timed_ms_sum` + excluded.`timed_ms_sum`;
  INSERT INTO `regulator_yearly_type_durations` (`jurisdiction`, `vendor_id`, `type`, `year`, `duration_day`, `n`)
  SELECT NEW.jurisdiction, NEW.vendor_id, NEW.type, CAST(strftime('%Y', NEW.received_at / 1000, 'unixepoch') AS INTEGER), (NEW.closed_at - NEW.received_at) / 86400000, (1) WHERE NEW.received_at IS NOT NULL AND NEW.outcome IN ('fulfilled','partially_fulfilled','denied') AND NEW.closed_at IS NOT NULL
  ON CONFLICT (`jurisdiction`, `year`, `vendor_id`, `type`, `duration_day`) DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
-- Backfill for databases created before this migration.
INSERT INTO `regulator_yearly_types` (`jurisdiction`, `vendor_id`, `type`, `year`, `received`, `complied`, `denied`, `denied_identity_not_verified`, `denied_not_a_resident`, `denied_exempt_information`, `timed_n`, `timed_ms_sum`)
SELECT jurisdiction, vendor_id, type, CAST(strftime('%Y', received_at / 1000, 'unixepoch') AS INTEGER), sum(1), sum(coalesce(outcome IN ('fulfilled','partially_fulfilled'), 0)), sum(coalesce(outcome = 'denied', 0)), sum(coalesce(outcome = 'denied' AND denial_basis = 'identity_not_verified', 0)), sum(coalesce(outcome = 'denied' AND denial_basis = 'not_a_resident', 0)), sum(coalesce(outcome = 'denied' AND denial_basis = 'exempt_information', 0)), sum(coalesce(outcome IN ('fulfilled','partially_fulfilled','denied') AND closed_at IS NOT NULL, 0)), sum(CASE WHEN outcome IN ('fulfilled','partially_fulfilled','denied') AND closed_at IS NOT NULL THEN closed_at - received_at ELSE 0 END) FROM `requests` WHERE received_at IS NOT NULL
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO `regulator_yearly_type_durations` (`jurisdiction`, `vendor_id`, `type`, `year`, `duration_day`, `n`)
SELECT jurisdiction, vendor_id, type, CAST(strftime('%Y', received_at / 1000, 'unixepoch') AS INTEGER), (closed_at - received_at) / 86400000, sum(1) FROM `requests` WHERE received_at IS NOT NULL AND outcome IN ('fulfilled','partially_fulfilled','denied') AND closed_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

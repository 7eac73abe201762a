CREATE TABLE `vendor_queue_counts` (
	`vendor_id` integer NOT NULL,
	`jurisdiction` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`vendor_id`, `jurisdiction`, `type`, `status`)
);

--> statement-breakpoint
-- The vendor queue's open count, kept by triggers in the same transaction as every
-- write to `requests`. A row is in the queue while delivered (received_at set) and not closed:
-- the same condition as listQueue's WHERE clause. Old contribution out, new contribution in.
CREATE TRIGGER `requests_queue_count_insert` AFTER INSERT ON `requests`
WHEN NEW.received_at IS NOT NULL AND NEW.closed_at IS NULL
BEGIN
  INSERT INTO `vendor_queue_counts` (`vendor_id`, `jurisdiction`, `type`, `status`, `n`)
  VALUES (NEW.vendor_id, NEW.jurisdiction, NEW.type, NEW.status, 1)
  ON CONFLICT (`vendor_id`, `jurisdiction`, `type`, `status`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `requests_queue_count_delete` AFTER DELETE ON `requests`
WHEN OLD.received_at IS NOT NULL AND OLD.closed_at IS NULL
BEGIN
  UPDATE `vendor_queue_counts` SET `n` = `n` - 1
  WHERE `vendor_id` = OLD.vendor_id AND `jurisdiction` = OLD.jurisdiction AND `type` = OLD.type AND `status` = OLD.status;
END;
--> statement-breakpoint
CREATE TRIGGER `requests_queue_count_update` AFTER UPDATE OF `vendor_id`, `jurisdiction`, `type`, `status`, `received_at`, `closed_at` ON `requests`
WHEN OLD.vendor_id IS NOT NEW.vendor_id OR OLD.jurisdiction IS NOT NEW.jurisdiction OR OLD.type IS NOT NEW.type OR OLD.status IS NOT NEW.status
  OR (OLD.received_at IS NULL) IS NOT (NEW.received_at IS NULL) OR (OLD.closed_at IS NULL) IS NOT (NEW.closed_at IS NULL)
BEGIN
  UPDATE `vendor_queue_counts` SET `n` = `n` - 1
  WHERE OLD.received_at IS NOT NULL AND OLD.closed_at IS NULL
    AND `vendor_id` = OLD.vendor_id AND `jurisdiction` = OLD.jurisdiction AND `type` = OLD.type AND `status` = OLD.status;
  INSERT INTO `vendor_queue_counts` (`vendor_id`, `jurisdiction`, `type`, `status`, `n`)
  SELECT NEW.vendor_id, NEW.jurisdiction, NEW.type, NEW.status, 1 WHERE NEW.received_at IS NOT NULL AND NEW.closed_at IS NULL
  ON CONFLICT (`vendor_id`, `jurisdiction`, `type`, `status`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
-- Backfill for databases created before this migration.
INSERT INTO `vendor_queue_counts` (`vendor_id`, `jurisdiction`, `type`, `status`, `n`)
SELECT vendor_id, jurisdiction, type, status, count(*) FROM `requests` WHERE received_at IS NOT NULL AND closed_at IS NULL
GROUP BY 1, 2, 3, 4;

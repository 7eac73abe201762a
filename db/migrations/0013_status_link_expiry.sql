ALTER TABLE `status_links` ADD `last_used_at` integer;

--> statement-breakpoint
-- Possession before disclosure: a status link shown before the resident proved the email address
-- (the filing's done page used to show them) must not open the request. Links issued at or after
-- the confirmation stay; every earlier one, and every link of a never-confirmed filing, is revoked.
UPDATE `status_links` SET `revoked_at` = `created_at`
WHERE `revoked_at` IS NULL AND `request_id` IN (
  SELECT r.`id` FROM `requests` r JOIN `filings` f ON f.`id` = r.`filing_id`
  WHERE f.`email_verified_at` IS NULL OR `status_links`.`created_at` < f.`email_verified_at`
);
--> statement-breakpoint
-- No secret at rest: a sent email's payload (one-time links, the resident's identity) has done its
-- job. Unsent rows written before payloads were sealed are sealed by the worker's housekeeping.
UPDATE `email_outbox` SET `payload` = '{"cleared":true}' WHERE `status` = 'sent';
--> statement-breakpoint
-- request_events stays append-only with one exception: the identity purge may drop the free-text
-- fields of an event (details and image URLs of a filing, a vendor's written reason) and mark it
-- redacted, once. Every other column and every code in the payload must stay as it was.
DROP TRIGGER `request_events_no_update`;
--> statement-breakpoint
CREATE TRIGGER `request_events_no_update` BEFORE UPDATE ON `request_events`
WHEN NOT (
  NEW.`id` IS OLD.`id` AND NEW.`request_id` IS OLD.`request_id` AND NEW.`type` IS OLD.`type`
  AND NEW.`actor_type` IS OLD.`actor_type` AND NEW.`actor_id` IS OLD.`actor_id` AND NEW.`at` IS OLD.`at`
  AND json_extract(OLD.`payload`, '$.redacted') IS NULL
  AND NEW.`payload` IS json_set(json_remove(OLD.`payload`, '$.details', '$.urls', '$.reason'), '$.redacted', 1)
)
BEGIN
  SELECT RAISE(ABORT, 'request_events is append-only');
END;

CREATE TABLE `certificate_counts` (
	`jurisdiction` text NOT NULL,
	`vendor_id` integer NOT NULL,
	`day` integer NOT NULL,
	`verified` integer DEFAULT 0 NOT NULL,
	`unverified` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`jurisdiction`, `vendor_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `response_packages_kind_created_idx` ON `response_packages` (`kind`,`created_at`);--> statement-breakpoint
-- A certificate is "verified" when its payload carries verification.matchesAfter as a number,
-- the same test the dashboard applied to each stored certificate before this table existed.
INSERT INTO `certificate_counts` (`jurisdiction`, `vendor_id`, `day`, `verified`, `unverified`)
SELECT c.`jurisdiction`, c.`vendor_id`, c.`day`, sum(c.n), sum(1 - c.n)
FROM (
  SELECT r.`jurisdiction`, r.`vendor_id`, p.`created_at` / 86400000 AS `day`,
    coalesce(CASE WHEN json_valid(p.`payload`) THEN json_type(p.`payload`, '$.verification.matchesAfter') IN ('integer', 'real') END, 0) AS n
  FROM `response_packages` p JOIN `requests` r ON r.`id` = p.`request_id`
  WHERE p.`kind` = 'deletion_certificate'
) c
GROUP BY c.`jurisdiction`, c.`vendor_id`, c.`day`;
--> statement-breakpoint
CREATE TRIGGER `response_packages_certificate_insert` AFTER INSERT ON `response_packages`
WHEN NEW.`kind` = 'deletion_certificate'
BEGIN
  INSERT INTO `certificate_counts` (`jurisdiction`, `vendor_id`, `day`, `verified`, `unverified`)
  SELECT r.`jurisdiction`, r.`vendor_id`, NEW.`created_at` / 86400000, v.n, 1 - v.n
  FROM `requests` r, (SELECT coalesce(CASE WHEN json_valid(NEW.`payload`) THEN json_type(NEW.`payload`, '$.verification.matchesAfter') IN ('integer', 'real') END, 0) AS n) v
  WHERE r.`id` = NEW.`request_id`
  ON CONFLICT (`jurisdiction`, `vendor_id`, `day`) DO UPDATE SET `verified` = `verified` + excluded.`verified`, `unverified` = `unverified` + excluded.`unverified`;
END;
--> statement-breakpoint
CREATE TRIGGER `response_packages_certificate_delete` AFTER DELETE ON `response_packages`
WHEN OLD.`kind` = 'deletion_certificate'
BEGIN
  INSERT INTO `certificate_counts` (`jurisdiction`, `vendor_id`, `day`, `verified`, `unverified`)
  SELECT r.`jurisdiction`, r.`vendor_id`, OLD.`created_at` / 86400000, -v.n, v.n - 1
  FROM `requests` r, (SELECT coalesce(CASE WHEN json_valid(OLD.`payload`) THEN json_type(OLD.`payload`, '$.verification.matchesAfter') IN ('integer', 'real') END, 0) AS n) v
  WHERE r.`id` = OLD.`request_id`
  ON CONFLICT (`jurisdiction`, `vendor_id`, `day`) DO UPDATE SET `verified` = `verified` + excluded.`verified`, `unverified` = `unverified` + excluded.`unverified`;
END;

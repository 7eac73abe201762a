CREATE TABLE `inbound_mail` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`kind` text NOT NULL,
	`disposition` text NOT NULL,
	`envelope_from` text,
	`from_address` text,
	`subject` text DEFAULT '' NOT NULL,
	`message_id_header` text,
	`text_body` text DEFAULT '' NOT NULL,
	`html_body` text,
	`auth_results` text DEFAULT '{}' NOT NULL,
	`notes` text DEFAULT '[]' NOT NULL,
	`classification` text,
	`classified_at` integer,
	`raw_sha256` text NOT NULL,
	`size` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inbound_mail_request_idx` ON `inbound_mail` (`request_id`,`received_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_mail_dedupe_idx` ON `inbound_mail` (`request_id`,`raw_sha256`);--> statement-breakpoint
ALTER TABLE `attachments` ADD `inbound_mail_id` integer REFERENCES inbound_mail(id);
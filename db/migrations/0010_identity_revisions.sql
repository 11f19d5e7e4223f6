CREATE TABLE `agency_aliases` (
	`name` text NOT NULL,
	`region_code` text DEFAULT '' NOT NULL,
	`agency_id` integer NOT NULL,
	PRIMARY KEY(`name`, `region_code`),
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agency_aliases_agency` ON `agency_aliases` (`agency_id`);--> statement-breakpoint
CREATE TABLE `agency_keys` (
	`canonical` text NOT NULL,
	`region_code` text DEFAULT '' NOT NULL,
	`agency_id` integer NOT NULL,
	PRIMARY KEY(`canonical`, `region_code`),
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agency_keys_agency` ON `agency_keys` (`agency_id`);--> statement-breakpoint
DROP INDEX `agencies_name_region`;--> statement-breakpoint
CREATE INDEX `agencies_name_region` ON `agencies` (`name`,`region_code`);--> statement-breakpoint
ALTER TABLE `reports` ADD `current_reason` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `chosen_at` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `agency_name` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `signed_on` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `published_on` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `revision_mark` text;--> statement-breakpoint
-- Fill in the reports stored before this migration: each was filed under the name its agency line holds. The
-- agencies' aliases and canonical keys need the region names of lib/report/agency.ts: they are added, and agencies
-- sharing a key merged, by the step at open (backfillIdentity in db/identity.ts), not here.
UPDATE `reports` SET `agency_name` = (SELECT `name` FROM `agencies` a WHERE a.`id` = `reports`.`agency_id`);--> statement-breakpoint
-- Current as ingest order left it: the edition facts were not read yet (npm run reparse reads them and decides again).
UPDATE `reports` SET `current_reason` = 'ingestOrder' WHERE `is_current` = 1;

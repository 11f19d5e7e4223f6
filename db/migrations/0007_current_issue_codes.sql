CREATE TABLE `current_issue_codes` (
	`agency_id` integer NOT NULL,
	`year` integer NOT NULL,
	`code` text NOT NULL,
	PRIMARY KEY(`agency_id`, `year`, `code`),
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `current_issue_codes_code_agency` ON `current_issue_codes` (`code`,`agency_id`);--> statement-breakpoint
CREATE INDEX `current_issue_codes_year_code` ON `current_issue_codes` (`year`,`code`,`agency_id`);--> statement-breakpoint
DROP INDEX `region_year_agencies_year_region`;--> statement-breakpoint
CREATE INDEX `region_year_agencies_year_region_count` ON `region_year_agencies` (`year`,`province`,`city`,`county`,`agencies`);--> statement-breakpoint
-- Fill in the reports stored before this migration: the issue codes of each agency's current reports.
INSERT INTO `current_issue_codes` (`agency_id`, `year`, `code`)
SELECT DISTINCT r.`agency_id`, r.`year`, i.`code`
FROM `reports` r INNER JOIN `report_issues` i ON i.`report_id` = r.`id`
WHERE r.`is_current` = 1;

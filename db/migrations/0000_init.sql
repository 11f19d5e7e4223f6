CREATE TABLE `agencies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`province` text,
	`city` text,
	`county` text,
	`region_code` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agencies_name_region` ON `agencies` (`name`,`region_code`);--> statement-breakpoint
CREATE INDEX `agencies_province_city_county` ON `agencies` (`province`,`city`,`county`);--> statement-breakpoint
CREATE TABLE `application_rows` (
	`report_id` integer NOT NULL,
	`row` text NOT NULL,
	`naturalPerson` integer,
	`business` integer,
	`research` integer,
	`nonprofit` integer,
	`legal` integer,
	`otherOrg` integer,
	`total` integer,
	PRIMARY KEY(`report_id`, `row`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `application_rows_row` ON `application_rows` (`row`);--> statement-breakpoint
CREATE TABLE `proactive_cells` (
	`report_id` integer NOT NULL,
	`key` text NOT NULL,
	`item` text NOT NULL,
	`category` text NOT NULL,
	`metric` text NOT NULL,
	`value` real,
	`unit` text NOT NULL,
	`raw` text NOT NULL,
	PRIMARY KEY(`report_id`, `key`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_issues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`code` text NOT NULL,
	`severity` text NOT NULL,
	`message` text NOT NULL,
	`section` text NOT NULL,
	`row` text,
	`column` text,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_issues_report` ON `report_issues` (`report_id`);--> statement-breakpoint
CREATE INDEX `report_issues_code` ON `report_issues` (`code`);--> statement-breakpoint
CREATE TABLE `report_sections` (
	`report_id` integer PRIMARY KEY NOT NULL,
	`overview` text,
	`problems` text,
	`other` text,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agency_id` integer NOT NULL,
	`year` integer NOT NULL,
	`format_version` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`is_current` integer NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`media_type` text NOT NULL,
	`pages` integer,
	`ingested_at` text NOT NULL,
	`error_count` integer NOT NULL,
	`warning_count` integer NOT NULL,
	`info_count` integer NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_sha256` ON `reports` (`sha256`);--> statement-breakpoint
CREATE INDEX `reports_agency_year` ON `reports` (`agency_id`,`year`);--> statement-breakpoint
CREATE INDEX `reports_year_current` ON `reports` (`year`,`is_current`);--> statement-breakpoint
CREATE TABLE `review_rows` (
	`report_id` integer NOT NULL,
	`group` text NOT NULL,
	`upheld` integer,
	`corrected` integer,
	`other` integer,
	`pending` integer,
	`total` integer,
	PRIMARY KEY(`report_id`, `group`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);

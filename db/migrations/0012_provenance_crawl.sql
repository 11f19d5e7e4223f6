-- Written so that it can run again on a database that has its tables (tests take later migrations back out of the
-- journal and run them again as they are): IF NOT EXISTS, and the backfill leaves a report that has a line alone.
CREATE TABLE IF NOT EXISTS `crawl_links` (
	`from_url` text NOT NULL,
	`to_url` text NOT NULL,
	`kind` text NOT NULL,
	`title` text,
	`position` integer NOT NULL,
	PRIMARY KEY(`from_url`, `to_url`)
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `crawl_pages` (
	`url` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`column_url` text,
	`state` text NOT NULL,
	`reason` text,
	`http_status` integer,
	`etag` text,
	`last_modified` text,
	`content_type` text,
	`sha256` text,
	`fetched_at` text,
	`report_id` integer
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `crawl_pages_column` ON `crawl_pages` (`column_url`);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `report_provenance` (
	`report_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`path` text,
	`url` text,
	`page_url` text,
	`list_url` text,
	`column_url` text,
	`read_at` text NOT NULL,
	`http_status` integer,
	`etag` text,
	`last_modified` text,
	`content_type` text,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `report_provenance_column` ON `report_provenance` (`column_url`);--> statement-breakpoint
-- Backfill: every report stored before 0012 was read from a file (ingest took no URL); its path was not kept, so
-- the file name it was stored under stands for it, and the time it was ingested for the time it was read.
INSERT OR IGNORE INTO `report_provenance` (`report_id`, `kind`, `path`, `read_at`)
  SELECT `id`, 'file', `file_name`, `ingested_at` FROM `reports`;

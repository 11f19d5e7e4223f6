DROP INDEX `reports_year_current`;--> statement-breakpoint
CREATE INDEX `reports_year_current_agency` ON `reports` (`year`,`is_current`,`agency_id`);
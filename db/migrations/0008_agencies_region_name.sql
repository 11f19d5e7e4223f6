DROP INDEX `agencies_province_city_county`;--> statement-breakpoint
CREATE INDEX `agencies_region_name` ON `agencies` (`province`,`city`,`county`,`name`);
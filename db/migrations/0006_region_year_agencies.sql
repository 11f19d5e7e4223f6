CREATE TABLE `region_year_agencies` (
	`year` integer NOT NULL,
	`province` text,
	`city` text,
	`county` text,
	`agencies` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `region_year_agencies_year_region` ON `region_year_agencies` (`year`,`province`,`city`,`county`);--> statement-breakpoint
-- Fill in the reports stored before this migration: agencies with a current report, per year and region.
INSERT INTO `region_year_agencies` (`year`, `province`, `city`, `county`, `agencies`)
SELECT r.`year`, a.`province`, a.`city`, a.`county`, count(DISTINCT a.`id`)
FROM `reports` r INNER JOIN `agencies` a ON a.`id` = r.`agency_id`
WHERE r.`is_current` = 1
GROUP BY r.`year`, a.`province`, a.`city`, a.`county`;

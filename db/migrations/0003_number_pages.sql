CREATE TABLE `number_pages` (
	`report_id` integer NOT NULL,
	`section` text NOT NULL,
	`key` text NOT NULL,
	`page` integer NOT NULL,
	PRIMARY KEY(`report_id`, `section`, `key`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);

-- Which parser read each report (lib/report/version.ts PARSER_VERSION); a report stored before this migration has NULL: unknown.
ALTER TABLE `reports` ADD `parser_version` text;
-- 表四 is reviewLitigation in the report schema, the data dictionary, the JSON and the CSVs: its table takes the same
-- name, as SQLite's migration 0013 does. The key, the foreign key, the totals function and its triggers (migration
-- 0002) keep the name drizzle derives from the table's; the function's body does not name the table.
ALTER TABLE "review_rows" RENAME TO "review_litigation_rows";--> statement-breakpoint
ALTER TABLE "review_litigation_rows" RENAME CONSTRAINT "review_rows_report_id_group_pk" TO "review_litigation_rows_report_id_group_pk";--> statement-breakpoint
ALTER TABLE "review_litigation_rows" RENAME CONSTRAINT "review_rows_report_id_reports_id_fk" TO "review_litigation_rows_report_id_reports_id_fk";--> statement-breakpoint
ALTER FUNCTION "review_rows_totals"() RENAME TO "review_litigation_rows_totals";--> statement-breakpoint
ALTER TRIGGER "review_rows_insert_totals" ON "review_litigation_rows" RENAME TO "review_litigation_rows_insert_totals";--> statement-breakpoint
ALTER TRIGGER "review_rows_update_totals" ON "review_litigation_rows" RENAME TO "review_litigation_rows_update_totals";--> statement-breakpoint
ALTER TRIGGER "review_rows_delete_totals" ON "review_litigation_rows" RENAME TO "review_litigation_rows_delete_totals";

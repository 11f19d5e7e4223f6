-- 表四 is reviewLitigation in the report schema, the data dictionary, the JSON and the CSVs: its table takes the same
-- name, as SQLite's migration 0013 does. The key, the foreign key, the totals function and its triggers (migration
-- 0002) keep the name drizzle derives from the table's; the function's body does not name the table.
ALTER TABLE "review_rows" RENAME TO "review_litigation_rows";--> statement-breakpoint
ALTER TABLE "review_litigation_rows" RENAME CONSTRAINT "review_rows_report_id_group_pk" TO "review_litigation_rows_report_id_group_pk";--> statement-breakpoint
ALTER TABLE "review_litigation_rows" RENAME CONSTRAINT "review_rows_report_id_reports_id_fk" TO "review_litigation_rows_report_id_reports_id_fk";--> statement-breakpoint
ALTER FUNCTION "review_rows_totals"() RENAME TO "review_litigation_rows_totals";--> statement-breakpoint
ALTER TRIGGER "review_rows_insert_totals" ON "review_litigation_rows" RENAME TO "review_litigation_rows_insert_totals";--> statement-breakpoint
ALTER TRIGGER "review_rows_update_totals" ON "review_litigation_rows" RENAME TO "review_litigation_rows_update_totals";--> statement-breakpoint
ALTER TRIGGER "review_rows_delete_totals" ON "review_litigation_rows" RENAME TO "review_litigation_rows_delete_totals";--> statement-breakpoint
-- The agencies' pinyin sort key, as SQLite's 0013 adds it. PostgreSQL has no nianbao_pinyin(): the store fills it on
-- write (db/pinyin.ts pinyinKey), and no agency was stored in PostgreSQL before this migration (no store wrote there).
ALTER TABLE "agencies" ADD COLUMN "name_sort_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "agencies_sort_key" ON "agencies" USING btree ("name_sort_key","region_code");

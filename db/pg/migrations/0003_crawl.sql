CREATE TABLE "crawl_links" (
	"from_url" text NOT NULL,
	"to_url" text NOT NULL,
	"kind" text NOT NULL,
	"title" text,
	"position" integer NOT NULL,
	CONSTRAINT "crawl_links_from_url_to_url_pk" PRIMARY KEY("from_url","to_url")
);
--> statement-breakpoint
CREATE TABLE "crawl_pages" (
	"url" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"column_url" text,
	"state" text NOT NULL,
	"reason" text,
	"http_status" integer,
	"etag" text,
	"last_modified" text,
	"content_type" text,
	"sha256" text,
	"fetched_at" text,
	"report_id" integer
);
--> statement-breakpoint
CREATE TABLE "report_provenance" (
	"report_id" integer PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"path" text,
	"url" text,
	"page_url" text,
	"list_url" text,
	"column_url" text,
	"read_at" text NOT NULL,
	"http_status" integer,
	"etag" text,
	"last_modified" text,
	"content_type" text
);
--> statement-breakpoint
ALTER TABLE "report_provenance" ADD CONSTRAINT "report_provenance_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crawl_pages_column" ON "crawl_pages" USING btree ("column_url");--> statement-breakpoint
CREATE INDEX "report_provenance_column" ON "report_provenance" USING btree ("column_url");
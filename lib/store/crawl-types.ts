/**
 * The shapes of the web crawler's state and of a report's provenance, as the Store takes and gives them
 * (report_provenance, crawl_pages and crawl_links of migration 0012; db/crawl.ts holds their SQL).
 */

/** A report's provenance as stored: a file's path, or a URL with its list page, column, report page and HTTP facts. */
export type ProvenanceRow = {
  kind: "file" | "url";
  path?: string | null;
  url?: string | null;
  pageUrl?: string | null;
  listUrl?: string | null;
  columnUrl?: string | null;
  readAt: string;
  httpStatus?: number | null;
  etag?: string | null;
  lastModified?: string | null;
  contentType?: string | null;
};

/** `list`: a column's list page (fetched on every run); `entry`: a report's page; `document`: a file's address. */
export type CrawlPageKind = "list" | "entry" | "document";

/** What became of one URL: `pending` (seen, not finished), `done` (read, and stored or nothing to store), `failed` (see `reason`). */
export type CrawlPage = {
  url: string;
  kind: CrawlPageKind;
  /** The column's first list page this URL was found under. */
  columnUrl: string | null;
  state: "pending" | "done" | "failed";
  reason: string | null;
  httpStatus: number | null;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  /** sha256 of the body as fetched. */
  sha256: string | null;
  fetchedAt: string | null;
  /** The report stored from this URL, if any. */
  reportId: number | null;
};

/** A link a page gave: to a further list page, an entry, a document (attachment) or an iframe. */
export type CrawlLink = { toUrl: string; kind: "list" | "entry" | "document" | "iframe"; title: string | null };

/** The columns given replace the stored ones; a new URL gets a line. */
export type CrawlPageUpdate = Partial<CrawlPage> & Pick<CrawlPage, "url" | "kind" | "state">;

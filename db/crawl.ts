import { and, asc, eq, inArray } from "drizzle-orm";
import type { CrawlLink, CrawlPage, CrawlPageUpdate, ProvenanceRow } from "../lib/store/crawl-types";
import type { Db } from "./client";
import { crawlLinks, crawlPages, reportProvenance } from "./schema";
import type { Tx } from "./write";

export type { CrawlLink, CrawlPage, CrawlPageKind, ProvenanceRow } from "../lib/store/crawl-types";

/**
 * The SQL of the web crawler (lib/crawl/) and of the reports' provenance (migration 0012): where each report's bytes
 * were read from, and the crawl's state (every URL seen, what became of it, the HTTP facts a rerun's conditional
 * request needs, the links each page gave).
 */

/** Stores a newly stored report's provenance; call in the report's transaction. */
export function writeProvenance(tx: Db | Tx, reportId: number, row: ProvenanceRow): void {
  const values = { reportId, ...row };
  tx.insert(reportProvenance).values(values).onConflictDoUpdate({ target: reportProvenance.reportId, set: row }).run();
}

/**
 * A report found again at a URL (the same bytes were stored before, from a file or not at all with a URL): it
 * keeps the URL, so its page can link to the original. A URL already kept is not replaced.
 */
export function adoptUrlProvenance(db: Db, reportId: number, row: ProvenanceRow): boolean {
  const kept = db.select({ kind: reportProvenance.kind }).from(reportProvenance).where(eq(reportProvenance.reportId, reportId)).get();
  if (kept?.kind === "url") return false;
  writeProvenance(db, reportId, row);
  return true;
}

export type StoredProvenance = typeof reportProvenance.$inferSelect;

export function provenanceOf(db: Pick<Db, "select">, reportId: number): StoredProvenance | null {
  return db.select().from(reportProvenance).where(eq(reportProvenance.reportId, reportId)).get() ?? null;
}

export function crawlPage(db: Db, url: string): CrawlPage | null {
  return db.select().from(crawlPages).where(eq(crawlPages.url, url)).get() ?? null;
}

/** Records what became of a URL (the columns given replace the stored ones; a new URL gets a line). */
export function saveCrawlPage(db: Db, page: CrawlPageUpdate): void {
  const { url, ...set } = page;
  db.insert(crawlPages).values(page).onConflictDoUpdate({ target: crawlPages.url, set }).run();
}

/** The links a page gave when it was last read, in their order on the page. */
export function linksFrom(db: Db, fromUrl: string): CrawlLink[] {
  return db
    .select({ toUrl: crawlLinks.toUrl, kind: crawlLinks.kind, title: crawlLinks.title })
    .from(crawlLinks)
    .where(eq(crawlLinks.fromUrl, fromUrl))
    .orderBy(asc(crawlLinks.position))
    .all();
}

/** Replaces the links a page gives, with the page's state, in one transaction. */
export function replaceLinks(db: Db, fromUrl: string, links: CrawlLink[]): void {
  db.$client.transaction(() => {
    db.delete(crawlLinks).where(eq(crawlLinks.fromUrl, fromUrl)).run();
    const seen = new Set<string>();
    links.forEach((link, position) => {
      if (seen.has(link.toUrl)) return;
      seen.add(link.toUrl);
      db.insert(crawlLinks)
        .values({ fromUrl, position, ...link })
        .run();
    });
  })();
}

/** The lines of the given URLs that are finished (`done`), by URL. */
export function donePages(db: Db, urls: string[]): Map<string, CrawlPage> {
  if (urls.length === 0) return new Map();
  const rows = db
    .select()
    .from(crawlPages)
    .where(and(inArray(crawlPages.url, urls), eq(crawlPages.state, "done")))
    .all();
  return new Map(rows.map((row) => [row.url, row]));
}

import { asc, eq } from "drizzle-orm";
import type { CrawlLink, CrawlPage, CrawlPageUpdate, ProvenanceRow } from "../../../lib/store/crawl-types";
import type { PgDb } from "../client";
import { crawlLinks, crawlPages, reportProvenance } from "../schema";
import { insertRows } from "./report";
import type { PgTx } from "./transaction";

/** db/crawl.ts over PostgreSQL: the reports' provenance and the crawler's state. */

export async function writeProvenance(tx: PgDb | PgTx, reportId: number, row: ProvenanceRow): Promise<void> {
  await tx
    .insert(reportProvenance)
    .values({ reportId, ...row })
    .onConflictDoUpdate({ target: reportProvenance.reportId, set: row });
}

/** A report found again at a URL keeps the URL unless it has one already; in the caller's transaction. */
export async function adoptUrlProvenance(tx: PgTx, reportId: number, row: ProvenanceRow): Promise<boolean> {
  const [kept] = await tx.select({ kind: reportProvenance.kind }).from(reportProvenance).where(eq(reportProvenance.reportId, reportId));
  if (kept?.kind === "url") return false;
  await writeProvenance(tx, reportId, row);
  return true;
}

export async function crawlPage(db: PgDb, url: string): Promise<CrawlPage | null> {
  const [page] = await db.select().from(crawlPages).where(eq(crawlPages.url, url));
  return page ?? null;
}

/** One statement (INSERT … ON CONFLICT DO UPDATE): atomic on its own, whoever else records the URL at once. */
export async function saveCrawlPage(db: PgDb, page: CrawlPageUpdate): Promise<void> {
  const { url, ...set } = page;
  await db.insert(crawlPages).values(page).onConflictDoUpdate({ target: crawlPages.url, set });
}

export async function linksFrom(db: PgDb, fromUrl: string): Promise<CrawlLink[]> {
  return db
    .select({ toUrl: crawlLinks.toUrl, kind: crawlLinks.kind, title: crawlLinks.title })
    .from(crawlLinks)
    .where(eq(crawlLinks.fromUrl, fromUrl))
    .orderBy(asc(crawlLinks.position));
}

/** Replaces the links a page gives, in the caller's transaction; a URL given twice keeps its first position. */
export async function replaceLinks(tx: PgTx, fromUrl: string, links: CrawlLink[]): Promise<void> {
  await tx.delete(crawlLinks).where(eq(crawlLinks.fromUrl, fromUrl));
  const seen = new Set<string>();
  const rows = links.flatMap((link, position) => {
    if (seen.has(link.toUrl)) return [];
    seen.add(link.toUrl);
    return [{ fromUrl, position, ...link }];
  });
  await insertRows(tx, crawlLinks, rows);
}

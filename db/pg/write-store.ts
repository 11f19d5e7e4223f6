import type { CrawlLink, CrawlPageUpdate } from "../../lib/store/crawl-types";
import type { ProvenanceRow, ReplaceOutcome, StorableReport, WriteStore } from "../../lib/store/write-store";
import { contentChanges, readingAction } from "../content";
import { closePg, type PgDb } from "./client";
import { PgStore } from "./store";
import { reportFiles, storedContent } from "./write/content";
import { adoptUrlProvenance, crawlPage, linksFrom, replaceLinks, saveCrawlPage, writeProvenance } from "./write/crawl";
import { agencyById, aliasesOf, findAgencies, mergeAgencies, splitAgency } from "./write/identity";
import { findBySha256, replaceReport, stampParserVersion, storeReport } from "./write/report";
import { setChoice, yearVersions } from "./write/revisions";
import { pgWrite } from "./write/transaction";

/**
 * Every write of the pipeline and the command-line programs (lib/store/write-store.ts) over PostgreSQL, for many writers
 * at once (issue 20, 3): each write one SERIALIZABLE transaction, tried again whole when it loses a race to another
 * writer (db/pg/write/transaction.ts), awaiting nothing but its own statements. The same behaviour as SqliteWriteStore:
 * the decisions are shared (db/write-rules.ts, db/content.ts, db/revisions.ts), only the SQL is PostgreSQL's.
 * Its reads are PgStore's (the web's Store over PostgreSQL). Opened by `openStore` (db/open-store.ts) for a postgres://
 * target, migrated first.
 */
export class PgWriteStore extends PgStore implements WriteStore {
  constructor(
    db: PgDb,
    /** The URL without its password. */
    readonly location: string,
    /** NIANBAO_SOURCES (db/sources-dir.ts): a folder every writer and web server reads. */
    readonly sourcesDir: string,
  ) {
    super(db);
  }

  async findBySha256(sha256: string) {
    return findBySha256(this.db, sha256);
  }

  async storeReport(report: StorableReport, ingestedAt: string, provenance?: ProvenanceRow) {
    return pgWrite(this.db, async (tx) => {
      const written = await storeReport(tx, report, ingestedAt);
      if (provenance && written.status !== "present") await writeProvenance(tx, written.reportId, provenance);
      return written;
    });
  }

  async replaceReading(reportId: number, report: StorableReport): Promise<ReplaceOutcome> {
    return pgWrite(this.db, async (tx): Promise<ReplaceOutcome> => {
      const before = await storedContent(tx, reportId);
      if (!before) return { kind: "failed", reason: "no longer stored" };
      const action = readingAction(before, report);
      if (action === "unchanged") return { kind: "unchanged" };
      if (action === "restamp") {
        await stampParserVersion(tx, reportId);
        return { kind: "restamped" };
      }
      await replaceReport(tx, reportId, report);
      return { kind: "changed", parserBefore: before.parserVersion, changes: contentChanges(before, (await storedContent(tx, reportId))!) };
    });
  }

  async reportFiles() {
    return reportFiles(this.db);
  }

  async findAgencies(text: string) {
    return findAgencies(this.db, text);
  }
  async agencyById(id: number) {
    return agencyById(this.db, id);
  }
  async aliasesOf(agencyId: number) {
    return aliasesOf(this.db, agencyId);
  }
  async mergeAgencies(into: number, from: number) {
    return pgWrite(this.db, (tx) => mergeAgencies(tx, into, from));
  }
  async splitAgency(from: number, alias: string) {
    return pgWrite(this.db, (tx) => splitAgency(tx, from, alias));
  }

  async yearVersions(agencyId: number, year: number) {
    return yearVersions(this.db, agencyId, year);
  }
  async setChoice(reportId: number, chosenAt: string | null) {
    return pgWrite(this.db, (tx) => setChoice(tx, reportId, chosenAt));
  }

  async crawlPage(url: string) {
    return crawlPage(this.db, url);
  }
  async saveCrawlPage(page: CrawlPageUpdate) {
    await saveCrawlPage(this.db, page);
  }
  async linksFrom(fromUrl: string) {
    return linksFrom(this.db, fromUrl);
  }
  async replaceLinks(fromUrl: string, links: CrawlLink[]) {
    await pgWrite(this.db, (tx) => replaceLinks(tx, fromUrl, links));
  }
  async adoptUrlProvenance(reportId: number, provenance: ProvenanceRow) {
    return pgWrite(this.db, (tx) => adoptUrlProvenance(tx, reportId, provenance));
  }

  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closePg(this.db);
  }
}

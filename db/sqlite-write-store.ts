import { dirname, join } from "node:path";
import type { CrawlLink, CrawlPageUpdate } from "../lib/store/crawl-types";
import type { ProvenanceRow, ReplaceOutcome, StorableReport, WriteStore } from "../lib/store/write-store";
import type { Db } from "./client";
import { contentChanges, readingAction, reportFiles, storedContent } from "./content";
import { adoptUrlProvenance, crawlPage, linksFrom, replaceLinks, saveCrawlPage, writeProvenance } from "./crawl";
import { agencyById, aliasesOf, findAgencies, mergeAgencies, splitAgency } from "./identity";
import { setChoice, yearVersions } from "./revisions";
import { SqliteStore } from "./sqlite-store";
import { writeTransaction } from "./transaction";
import { findBySha256, replaceReport, stampParserVersion, storeReport } from "./write";

/**
 * The Store with its writes (lib/store/write-store.ts) over a SQLite file opened for writing: the reads of
 * SqliteStore and every write of the pipeline and the command-line programs. Each write is one synchronous
 * better-sqlite3 transaction, run whole inside the method's call: nothing is awaited between its BEGIN and its
 * COMMIT, and no other store on this connection runs in between. Opened by `openStore` (db/open-store.ts).
 */
export class SqliteWriteStore extends SqliteStore implements WriteStore {
  readonly location: string;
  readonly sourcesDir: string;

  /** `sourcesDir`: the kept originals, `sources/` beside the file unless NIANBAO_SOURCES says (db/sources-dir.ts). */
  constructor(db: Db, sourcesDir = join(dirname(db.$client.name), "sources")) {
    super(db);
    this.location = db.$client.name;
    this.sourcesDir = sourcesDir;
  }

  async findBySha256(sha256: string) {
    return findBySha256(this.db, sha256);
  }

  /** BEGIN IMMEDIATE (db/transaction.ts): the write lock taken at the start, tried again while another process holds it. */
  async storeReport(report: StorableReport, ingestedAt: string, provenance?: ProvenanceRow) {
    return writeTransaction(this.db, (tx) => {
      const written = storeReport(tx, report, ingestedAt);
      if (provenance && written.status !== "present") writeProvenance(tx, written.reportId, provenance);
      return written;
    });
  }

  async replaceReading(reportId: number, report: StorableReport): Promise<ReplaceOutcome> {
    return writeTransaction(this.db, (tx): ReplaceOutcome => {
      const before = storedContent(tx, reportId);
      if (!before) return { kind: "failed", reason: "no longer stored" };
      const action = readingAction(before, report);
      if (action === "unchanged") return { kind: "unchanged" };
      if (action === "restamp") {
        stampParserVersion(tx, reportId);
        return { kind: "restamped" };
      }
      replaceReport(tx, reportId, report);
      return { kind: "changed", parserBefore: before.parserVersion, changes: contentChanges(before, storedContent(tx, reportId)!) };
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
    return this.db.transaction((tx) => mergeAgencies(tx, into, from));
  }
  async splitAgency(from: number, alias: string) {
    return this.db.transaction((tx) => splitAgency(tx, from, alias));
  }

  async yearVersions(agencyId: number, year: number) {
    return yearVersions(this.db, agencyId, year);
  }
  async setChoice(reportId: number, chosenAt: string | null) {
    return setChoice(this.db, reportId, chosenAt);
  }

  async crawlPage(url: string) {
    return crawlPage(this.db, url);
  }
  async saveCrawlPage(page: CrawlPageUpdate) {
    saveCrawlPage(this.db, page);
  }
  async linksFrom(fromUrl: string) {
    return linksFrom(this.db, fromUrl);
  }
  async replaceLinks(fromUrl: string, links: CrawlLink[]) {
    replaceLinks(this.db, fromUrl, links);
  }
  async adoptUrlProvenance(reportId: number, provenance: ProvenanceRow) {
    return adoptUrlProvenance(this.db, reportId, provenance);
  }

  async close(): Promise<void> {
    if (this.db.$client.open) this.db.$client.close();
  }
}

import type { Report, Source } from "../report/schema";
import type { CrawlLink, CrawlPage, CrawlPageUpdate, ProvenanceRow } from "./crawl-types";

export type { ProvenanceRow } from "./crawl-types";

/**
 * Every write the app makes, with the reads that go with them: the ingest pipeline (lib/pipeline), `npm run reparse`,
 * `npm run agencies`, `npm run revisions`. They know this interface, not the database behind it: db/sqlite-store.ts
 * implements it over the SQLite file, and `openStore` (db/open-store.ts) is the one place that picks the
 * implementation for a target. Each method that writes is one transaction of its own; an implementation awaits no
 * I/O inside it (SQLite: a synchronous better-sqlite3 transaction), so a failure leaves the database as it was.
 */
export interface WriteStore {
  /** The database as the command-line programs name it (the SQLite file's path). */
  readonly location: string;
  /**
   * Where the originals of stored reports are kept, one file per sha256 (lib/pipeline/sources.ts): `sources/` beside
   * the SQLite file. Shaped by SQLite, like `Store.sourceFile`; issue 20 decides where a PostgreSQL store keeps them.
   */
  readonly sourcesDir: string;

  // ── Reports ──
  /** The report stored for these bytes, if any (a file is stored once, by sha256). */
  findBySha256(sha256: string): Promise<number | null>;
  /**
   * Stores one parsed report in one transaction: its agency found or made (one agency per agency), its lines, its
   * search text and flags, the current file of its year decided by the documents, the pre-aggregated lines and the
   * cross-year check refreshed, and where the bytes came from (`provenance`) kept with it. The same bytes stored
   * before: `present`, nothing written.
   */
  storeReport(report: StorableReport, ingestedAt: string, provenance?: ProvenanceRow): Promise<StoreResult>;
  /**
   * A new reading of a stored report's bytes (`npm run reparse`), in one transaction: nothing when it is the stored
   * reading, only the parser version written when it reads the same, else the report's content replaced (keeping its
   * id, file and ingest time) with what changed.
   */
  replaceReading(reportId: number, report: StorableReport): Promise<ReplaceOutcome>;
  /** Every stored report's file, in the order they were stored. */
  reportFiles(): Promise<ReportFile[]>;

  // ── Agencies (npm run agencies) ──
  /** Agencies whose name or an alias contains `text`. */
  findAgencies(text: string): Promise<AgencyName[]>;
  /** The agency of that id: one, or none. */
  agencyById(id: number): Promise<AgencyName[]>;
  /** Every printed spelling an agency's reports are filed by. */
  aliasesOf(agencyId: number): Promise<string[]>;
  /** Files every report, alias and key of `from` under `into` and removes `from`, in one transaction. */
  mergeAgencies(into: number, from: number): Promise<MergeResult>;
  /** Moves one alias of an agency, and the reports printed with it, to a new agency, in one transaction. */
  splitAgency(from: number, alias: string): Promise<SplitResult>;

  // ── Revisions (npm run revisions) ──
  /** Every file of an agency's year, in the order stored. */
  yearVersions(agencyId: number, year: number): Promise<StoredVersion[]>;
  /**
   * A user's choice: `chosenAt` makes the report current whatever is ingested later; null hands the decision back to
   * the documents. The report's agency and year, or null when there is no such report.
   */
  setChoice(reportId: number, chosenAt: string | null): Promise<{ agencyId: number; year: number } | null>;

  // ── The web crawler's state (lib/crawl) ──
  /** What became of a URL when last seen, or null for a URL never seen. */
  crawlPage(url: string): Promise<CrawlPage | null>;
  /** Records what became of a URL. */
  saveCrawlPage(page: CrawlPageUpdate): Promise<void>;
  /** The links a page gave when it was last read, in their order on the page. */
  linksFrom(fromUrl: string): Promise<CrawlLink[]>;
  /** Replaces the links a page gives, in one transaction. */
  replaceLinks(fromUrl: string, links: CrawlLink[]): Promise<void>;
  /** A report found again at a URL keeps the URL (unless it has one already); true when it was kept. */
  adoptUrlProvenance(reportId: number, provenance: ProvenanceRow): Promise<boolean>;

  close(): Promise<void>;
}

/** A parsed report with the facts of the bytes it was read from. */
export type StorableReport = Report & { source: Source };

export type StoreStatus = "ingested" | "present" | "revised";
export type StoreResult = { status: StoreStatus; reportId: number };

export type IssueLine = { code: string; severity: string; message: string; section: string; row: string | null; column: string | null };

export type CellChange = { cell: string; before: unknown; after: unknown };

export type ContentChanges = {
  /** Numbers of 表二, 表三 and 表四 (and their printed text and labels), named like the data dictionary's keys. */
  cells: CellChange[];
  /** Everything else that changed: a narrative section, a page number, a fact of the report. */
  other: CellChange[];
  flagsAdded: IssueLine[];
  flagsRemoved: IssueLine[];
};

/**
 * What a new reading did to a stored report: its content replaced (with what changed), only the parser version
 * written (`restamped`), nothing (`unchanged`), or `failed` (the report is no longer stored).
 */
export type ReplaceOutcome =
  | { kind: "changed"; parserBefore: string | null; changes: ContentChanges }
  | { kind: "restamped" | "unchanged" }
  | { kind: "failed"; reason: string };

export type ReportFile = { id: number; sha256: string; fileName: string; agency: string; year: number };

export type AgencyName = { id: number; name: string; regionCode: string };

export type MergeResult = { into: number; from: number; reports: number; aliases: string[] };
export type SplitResult = { from: number; to: number; reports: number };

/** Why the current file of a year is current. */
export const CURRENT_REASONS = ["only", "chosen", "revisionMark", "signedOn", "publishedOn", "undecided", "ingestOrder"] as const;
export type CurrentReason = (typeof CURRENT_REASONS)[number];

export type StoredVersion = {
  id: number;
  fileName: string;
  isCurrent: boolean;
  currentReason: string | null;
  chosenAt: string | null;
  signedOn: string | null;
  publishedOn: string | null;
  revisionMark: string | null;
  agencyName: string | null;
};

import { eq, getTableColumns } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { APPLICATION_ROWS, type Issue, type NumberPages, PAGED_SECTIONS, REVIEW_GROUPS, type Report, type Source } from "../lib/report/schema";
import { PARSER_VERSION } from "../lib/report/version";
import type { CellChange, ContentChanges, IssueLine, ReportFile } from "../lib/store/write-store";
import type { Db } from "./client";
import { agencies, applicationRows, numberPages, proactiveCells, reportIssues, reportSections, reports, reviewLitigationRows } from "./schema";
import type { Tx } from "./transaction";

/**
 * A report's content as the store keeps it, in one shape whether read back from the database or built from a
 * freshly parsed report: `npm run reparse` compares the two to see what a parser change changed. The lines are
 * the ones write.ts inserts, so what is compared is exactly what is stored.
 */

export type { CellChange, ContentChanges, IssueLine, ReportFile };

/** Each table of one line per cell or row, and the columns that name a line within a report. */
export const CONTENT_PARTS = [
  { part: "applications", table: applicationRows, key: ["row"] },
  { part: "reviewLitigation", table: reviewLitigationRows, key: ["group"] },
  { part: "proactive", table: proactiveCells, key: ["key"] },
  { part: "sections", table: reportSections, key: [] },
  { part: "numberPages", table: numberPages, key: ["section", "key"] },
] as const satisfies readonly { part: string; table: SQLiteTable; key: readonly string[] }[];

export type ContentPart = (typeof CONTENT_PARTS)[number]["part"];
export type Line = Record<string, unknown>;

/** The parts whose lines hold the printed numbers (表三, 表四, 表二): their differences are counted as cells. */
export const NUMBER_PARTS: readonly ContentPart[] = ["applications", "reviewLitigation", "proactive"];

/** What decides the agency line and the year a report is filed under, and the report line's own facts. */
export type ReportFacts = {
  /** The agency as printed (the alias the report is filed by). */
  agency: string | null;
  regionCode: string;
  year: number;
  formatVersion: string;
  periodStart: string;
  periodEnd: string;
  mediaType: string;
  pages: number | null;
  signedOn: string | null;
  publishedOn: string | null;
  revisionMark: string | null;
};

export type ReportContent = { facts: ReportFacts; lines: Record<ContentPart, Line[]>; issues: IssueLine[] };

/** Flags the store sets from several reports (cross-year carry-overs, undecided editions), not the parser. */
const STORE_CODES: readonly string[] = ["identity.crossYear", "revision.undecided"];

export function issueLines(issues: readonly Issue[]): IssueLine[] {
  return issues.map((i) => ({
    code: i.code,
    severity: i.severity,
    message: i.message,
    section: i.where.section,
    row: i.where.row ?? null,
    column: i.where.column ?? null,
  }));
}

function numberPageLines(pages: NumberPages | undefined): Line[] {
  if (!pages) return [];
  return PAGED_SECTIONS.flatMap((section) =>
    Object.entries<number | undefined>(pages[section]).flatMap(([key, page]) => (page === undefined ? [] : [{ section, key, page }])),
  );
}

/** The lines write.ts inserts for a parsed report, without the report id. */
export function contentLines(report: Report & { source: Source }): Record<ContentPart, Line[]> {
  return {
    applications: APPLICATION_ROWS.map((row) => ({ row, ...report.applications[row] })),
    reviewLitigation: REVIEW_GROUPS.map((group) => ({ group, ...report.reviewLitigation[group] })),
    proactive: report.proactive.map((cell) => ({ ...cell })),
    sections: [{ ...report.sections }],
    numberPages: numberPageLines(report.source.numberPages),
  };
}

/** A line with exactly the table's columns (report id aside), a missing one as null, as SQLite gives it back. */
function storedShape(table: SQLiteTable, line: Line): Line {
  return Object.fromEntries(
    Object.keys(getTableColumns(table))
      .filter((key) => key !== "reportId")
      .map((key) => [key, line[key] ?? null]),
  );
}

const sortedByJson = <T>(items: T[]): T[] =>
  items
    .map((item) => [JSON.stringify(item), item] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => item);

function inStoredShape(lines: Record<ContentPart, Line[]>): Record<ContentPart, Line[]> {
  return Object.fromEntries(CONTENT_PARTS.map(({ part, table }) => [part, sortedByJson(lines[part].map((line) => storedShape(table, line)))])) as Record<
    ContentPart,
    Line[]
  >;
}

/** The content a freshly parsed report would be stored as. */
export function parsedContent(report: Report & { source: Source }): ReportContent {
  return {
    facts: {
      agency: report.agencyAsPrinted,
      regionCode: report.region.code ?? "",
      year: report.year,
      formatVersion: report.formatVersion,
      periodStart: report.periodStart,
      periodEnd: report.periodEnd,
      mediaType: report.source.mediaType,
      pages: report.source.pages,
      ...report.edition,
    },
    lines: inStoredShape(contentLines(report)),
    issues: sortedByJson(issueLines(report.issues)),
  };
}

export type StoredReport = ReportContent & { parserVersion: string | null };

/** The content stored for a report (its cross-year flags included), or null if there is no such report. */
export function storedContent(db: Db | Tx, reportId: number): StoredReport | null {
  const facts = db
    .select({
      agency: reports.agencyName,
      regionCode: agencies.regionCode,
      year: reports.year,
      formatVersion: reports.formatVersion,
      periodStart: reports.periodStart,
      periodEnd: reports.periodEnd,
      mediaType: reports.mediaType,
      pages: reports.pages,
      signedOn: reports.signedOn,
      publishedOn: reports.publishedOn,
      revisionMark: reports.revisionMark,
      parserVersion: reports.parserVersion,
    })
    .from(reports)
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(eq(reports.id, reportId))
    .get();
  if (!facts) return null;
  const lines = Object.fromEntries(
    CONTENT_PARTS.map(({ part, table }) => [part, db.select().from(table).where(eq(table.reportId, reportId)).all() as Line[]]),
  ) as Record<ContentPart, Line[]>;
  const issues = db
    .select({
      code: reportIssues.code,
      severity: reportIssues.severity,
      message: reportIssues.message,
      section: reportIssues.section,
      row: reportIssues.row,
      column: reportIssues.column,
    })
    .from(reportIssues)
    .where(eq(reportIssues.reportId, reportId))
    .all();
  return storedReport(facts, lines, issues);
}

/**
 * The stored content in the shape parsedContent gives, from what a store read back: the report line's facts, its lines
 * by part and its flags, in any order. Both dialects' tables have the columns of CONTENT_PARTS' tables.
 */
export function storedReport(
  { parserVersion, ...facts }: ReportFacts & { parserVersion: string | null },
  lines: Record<ContentPart, Line[]>,
  issues: IssueLine[],
): StoredReport {
  return { parserVersion, facts, lines: inStoredShape(lines), issues: sortedByJson(issues) };
}

/**
 * Whether storing `parsed` would leave the stored report as it is. The cross-year and undecided-edition flags are
 * the store's, not the parser's: they are recomputed from the stored reports, so they are left out.
 */
export function sameContent(stored: ReportContent, parsed: ReportContent): boolean {
  const parserOwn = ({ facts, lines, issues }: ReportContent) => ({ facts, lines, issues: issues.filter((i) => !STORE_CODES.includes(i.code)) });
  return JSON.stringify(parserOwn(stored)) === JSON.stringify(parserOwn(parsed));
}

/**
 * What a new reading of a stored report's bytes does (`npm run reparse`), decided alike by both stores: nothing when it
 * reads the same with the same parser, only the parser version written when it reads the same, else the content replaced.
 */
export function readingAction(before: StoredReport, report: Report & { source: Source }): "unchanged" | "restamp" | "replace" {
  if (!sameContent(before, parsedContent(report))) return "replace";
  return before.parserVersion === PARSER_VERSION ? "unchanged" : "restamp";
}

/** Every value of a part, by name: `applications.granted.total`, `proactive.regulations.issued.value`, `sections.overview`. */
function namedValues(part: ContentPart, key: readonly string[], lines: Line[]): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const line of lines) {
    const prefix = [part, ...key.map((column) => String(line[column]))].join(".");
    for (const [column, value] of Object.entries(line)) if (!key.includes(column)) values.set(`${prefix}.${column}`, value);
  }
  return values;
}

function changedValues(before: Map<string, unknown>, after: Map<string, unknown>): CellChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])];
  return names
    .filter((name) => JSON.stringify(before.get(name) ?? null) !== JSON.stringify(after.get(name) ?? null))
    .map((name) => ({ cell: name, before: before.get(name) ?? null, after: after.get(name) ?? null }));
}

/** Flags in `from` that `to` does not have, counting repeats (two identical flags, one left: one removed). */
function flagsMissing(from: IssueLine[], to: IssueLine[]): IssueLine[] {
  const left = new Map<string, number>();
  for (const flag of to) left.set(JSON.stringify(flag), (left.get(JSON.stringify(flag)) ?? 0) + 1);
  return from.filter((flag) => {
    const key = JSON.stringify(flag);
    const n = left.get(key) ?? 0;
    if (n > 0) left.set(key, n - 1);
    return n === 0;
  });
}

export function contentChanges(before: ReportContent, after: ReportContent): ContentChanges {
  const cells: CellChange[] = [];
  const other: CellChange[] = [];
  for (const { part, key } of CONTENT_PARTS) {
    const changed = changedValues(namedValues(part, key, before.lines[part]), namedValues(part, key, after.lines[part]));
    (NUMBER_PARTS.includes(part) ? cells : other).push(...changed);
  }
  const facts = (content: ReportContent) => new Map<string, unknown>(Object.entries(content.facts));
  other.push(...changedValues(facts(before), facts(after)));
  return { cells, other, flagsAdded: flagsMissing(after.issues, before.issues), flagsRemoved: flagsMissing(before.issues, after.issues) };
}

/** Every stored report's file, in the order they were stored. */
export function reportFiles(db: Db): ReportFile[] {
  return db
    .select({ id: reports.id, sha256: reports.sha256, fileName: reports.fileName, agency: agencies.name, year: reports.year })
    .from(reports)
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .orderBy(reports.id)
    .all();
}

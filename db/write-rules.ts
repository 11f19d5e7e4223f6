import { canonicalAgencyName } from "../lib/report/agency";
import { checkCrossYear } from "../lib/report/checks/cross-year";
import { issue } from "../lib/report/issues";
import type { Issue, Report, Source } from "../lib/report/schema";
import { PARSER_VERSION } from "../lib/report/version";
import { searchableText } from "./fts";
import { pinyinKey } from "./pinyin";
import type { Decision } from "./revisions";

/**
 * What a store writes, decided without a database: the SQLite side (db/write.ts, identity.ts, revisions.ts) and the
 * PostgreSQL side (db/pg/write/) take the same lines, flags and identities from here; only their SQL differs.
 */

type StorableReport = Report & { source: Source };

export function severityCounts(issues: readonly Pick<Issue, "severity">[]) {
  const count = (severity: Issue["severity"]) => issues.filter((i) => i.severity === severity).length;
  return { errorCount: count("error"), warningCount: count("warning"), infoCount: count("info") };
}

/** The report line's edition facts and the spelling it was filed under. */
export function editionColumns(report: Report) {
  const { signedOn, publishedOn, revisionMark } = report.edition;
  return { agencyName: report.agencyAsPrinted, signedOn, publishedOn, revisionMark };
}

/** The columns a new reading of a file sets on its report line (storeReport inserts them, replaceReading updates them). */
export function readingColumns(report: StorableReport, agencyId: number) {
  return {
    agencyId,
    year: report.year,
    formatVersion: report.formatVersion,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    mediaType: report.source.mediaType,
    pages: report.source.pages,
    parserVersion: PARSER_VERSION,
    ...editionColumns(report),
    ...severityCounts(report.issues),
  };
}

/** The report line of a newly stored file: not current until the year's files are decided (electCurrent). */
export function newReportRow(report: StorableReport, agencyId: number, ingestedAt: string) {
  return { ...readingColumns(report, agencyId), isCurrent: false, fileName: report.source.fileName, sha256: report.source.sha256, ingestedAt };
}

/** The search index's rows of a report: one per narrative part that has text, cut to what the index holds. */
export function searchRows(reportId: number, report: Report): { body: string; reportId: number; part: string }[] {
  return Object.entries(report.sections).flatMap(([part, body]) => (body ? [{ body: searchableText(body), reportId, part }] : []));
}

/** How a report finds its agency: the printed spelling (an alias), else the canonical name, both within the region code. */
export function agencyIdentity(report: Report) {
  const regionCode = report.region.code ?? "";
  const { province, city, county } = report.region;
  return {
    regionCode,
    alias: report.agencyAsPrinted,
    canonical: canonicalAgencyName(report.agency, report.region.code),
    newAgency: { ...agencyNamed(report.agency), province, city, county, regionCode },
  };
}

/** An agency's name with the key that sorts it in pinyin order (agencies.name_sort_key, migration 0013). */
export function agencyNamed(name: string): { name: string; nameSortKey: string } {
  return { name, nameSortKey: pinyinKey(name) };
}

export type CarryRows = Parameters<typeof checkCrossYear>[0];
export type CarryLine = { reportId: number; row: string } & Record<string, unknown>;

/** 上年结转 and 结转下年度 of each current report, from their application rows. */
export function carryByReport(current: { id: number; year: number }[], lines: CarryLine[]): Map<number, CarryRows> {
  const byReport = new Map<number, CarryRows>(current.map((r) => [r.id, { year: r.year, carriedOver: {}, carriedForward: {} }]));
  for (const { reportId, row, ...values } of lines) byReport.get(reportId)![row as "carriedOver" | "carriedForward"] = values as Record<string, number | null>;
  return byReport;
}

/** The cross-year flags of an agency's current reports: each pair of consecutive years checked, both sides flagged. */
export function crossYearFlags(
  current: { id: number; year: number }[],
  carry: Map<number, CarryRows>,
): { flags: { reportId: number; issues: Issue[] }[]; flagged: number[] } {
  const flags: { reportId: number; issues: Issue[] }[] = [];
  const flagged: number[] = [];
  for (const later of current) {
    const earlier = current.find((r) => r.year === later.year - 1);
    if (!earlier) continue;
    const found = checkCrossYear(carry.get(earlier.id)!, carry.get(later.id)!);
    flags.push({ reportId: later.id, issues: found.later }, { reportId: earlier.id, issues: found.earlier });
    if (found.later.length) flagged.push(later.id, earlier.id);
  }
  return { flags, flagged };
}

export const UNDECIDED = "revision.undecided";

/** The flag every file of a year gets when the documents do not decide which is current; none when they do. */
export function undecidedFlags(ids: number[], decision: Decision): Issue[] {
  if (decision.reason !== "undecided") return [];
  const message = `${ids.length} files for this agency and year, and neither a 更正/修订 mark nor the 落款 or publication dates tell which is the later edition: #${decision.id} stays current (choose with npm run revisions -- choose ID)`;
  return [issue(UNDECIDED, message, "report")];
}

import { hasOtherSubRows, parseApplications } from "./applications";
import { checkIdentities, checkNarrative, checkPlausible, dropInfinite } from "./checks";
import { issue } from "./issues";
import { parseSections } from "./narrative";
import { readNarrative, type NarrativeFigure } from "./narrative-figures";
import { publishedOn, readEdition } from "./edition";
import { documentKind, reportBeforeTemplate, severalReports } from "./kind";
import { foldRadicals, normalizeText, spacedWords } from "./normalize";
import { blankRanges, crawlerHeaderRanges, pageChromeRanges, pageFooterRange, type Range } from "./preamble";
import { findOutline, partRange, type Outline, type Part } from "./outline";
import { parseProactive, proactiveVersion, type StatedCells } from "./proactive";
import { MAX_REPORT_STEPS, withStepBudget } from "./readings";
import { resolveRegion } from "./region";
import { parseReviewLitigation } from "./review-litigation";
import { type NumberOffsets, ocrIssues, unreadCells } from "./ocr";
import type { FormatVersion, Issue, NumberPages, OcrReading, Report, Source } from "./schema";
import { parseTitle, periodYear, reportMentions, statedPeriods, type Title, type TwoYearTitle } from "./title";
import { decideYear } from "./year";

export type ParseOutcome = { ok: true; report: Report } | { ok: false; reason: string };
/** `pageStarts`: the offset in the text at which each page starts (PDF), to record each number's page in `source`. */
/** `ocr`: the numbers a scan's OCR read, with their offsets and confidence, to flag (value.ocr, value.ocrReview). */
export type ParseOptions = { source?: Source | null; pageStarts?: readonly number[] | null; ocr?: readonly OcrReading[] | null };

const NOT_A_REPORT = "not a 政府信息公开工作年度报告";
/** Fewer recognised 表三 rows than this and the text is not taken for an annual report. */
const MIN_APPLICATION_ROWS = 5;

type Slice = { text: string; start: number };

function slice(text: string, outline: Outline, part: Part): Slice | null {
  const range = partRange(outline, part, text.length);
  return range ? { text: text.slice(range.start, range.end), start: range.start } : null;
}

/** 表三 from its heading to 表四's; without the headings, the whole text (labels are matched in order). */
function applicationsText(text: string, outline: Outline): Slice {
  return slice(text, outline, "applications") ?? { text, start: 0 };
}

/** The page (from 1) holding each number: offsets are shifted by their section's start. */
function numberPages(offsets: NumberOffsets, pageStarts: readonly number[]): NumberPages {
  const page = (at: number) => pageStarts.findLastIndex((pageStart) => pageStart <= at) + 1;
  const pages = <T extends Partial<Record<string, number>>>([atOf, start]: [T, number]): T =>
    Object.fromEntries(Object.entries(atOf).map(([key, at]) => [key, page(start + (at ?? 0))])) as T;
  return { proactive: pages(offsets.proactive), applications: pages(offsets.applications), reviewLitigation: pages(offsets.reviewLitigation) };
}

const OTHER_HANDLING = spacedWords("其他处理");

/** The version is read from the document (表三's （六） rows, then 表二's headers), never from the year. */
export function detectVersion(applications: string, proactive: string | null): FormatVersion {
  if (hasOtherSubRows(applications)) return "2021";
  // （六）其他处理 printed as one row is the 2019 table, even under a 2021 表二 (reports that mix the two exist).
  if (OTHER_HANDLING.test(applications)) return "2019";
  return (proactive === null ? null : proactiveVersion(proactive)) ?? "2021";
}

/** The narrative's figures about 表二 cells, by cell key, to choose among readings of glued digits. */
function statedCells(figures: NarrativeFigure[]): StatedCells {
  const stated: Record<string, number[]> = {};
  for (const { path, value } of figures) {
    if (path.startsWith("proactive.")) (stated[path.slice("proactive.".length)] ??= []).push(value);
  }
  return stated;
}

export function parseReport(input: string, options: ParseOptions = {}): ParseOutcome {
  // One budget for every glued-row search of the report, so a crafted text cannot make the parse take minutes.
  return withStepBudget(MAX_REPORT_STEPS, () => parseText(input, options)).result;
}

/** The page footer after the start of the report's last part, if the text is a saved web page (`text` unmasked). */
function footerRanges(text: string, outline: Outline): Range[] {
  const lastPart = Math.max(-1, ...Object.values(outline).map((heading) => heading.start));
  const footer = lastPart >= 0 ? pageFooterRange(text, lastPart) : null;
  return footer ? [footer] : [];
}

/**
 * The agency as the title prints it, read from the original text at the title: kept only when it normalises to the
 * agency read from the normalised text (a title with full-width digits is not found in the original).
 */
function agencyAsPrinted(original: string, text: string, title: Title | TwoYearTitle): string {
  // Text that normalising left as it was has the title already read.
  if (original === text) return title.agency;
  const printed = parseTitle(original);
  return printed && normalizeText(printed.agency) === title.agency ? printed.agency : title.agency;
}

function notAReport(text: string): string {
  const kind = documentKind(text);
  const beforeTemplate = kind ? null : reportBeforeTemplate(text);
  return beforeTemplate ?? `${NOT_A_REPORT}: ${kind ? `${kind}, ` : ""}no 表三 found`;
}

function parseText(input: string, options: ParseOptions): ParseOutcome {
  const normalized = normalizeText(input);
  const chrome = [...crawlerHeaderRanges(normalized), ...pageChromeRanges(normalized)];
  const outline = findOutline(blankRanges(normalized, chrome));
  // The page (header, breadcrumb, tools, footer) is blanked in the normalised text and in the original alike.
  const pageParts = [...chrome, ...footerRanges(normalized, outline)];
  const text = blankRanges(normalized, pageParts);
  const table3 = applicationsText(text, outline);
  const proactivePart = slice(text, outline, "proactive");
  const proactiveText = proactivePart?.text ?? null;
  const formatVersion = detectVersion(table3.text, proactiveText);

  const applications = parseApplications(table3.text, formatVersion);
  if (applications.rowsFound < MIN_APPLICATION_ROWS) return { ok: false, reason: notAReport(text) };
  const title = parseTitle(text);
  if (!title) return { ok: false, reason: `${NOT_A_REPORT}: no title naming the agency and the year` };
  const several = severalReports(text, title);
  if (several) return { ok: false, reason: several };
  const decided = decideYear(title, statedPeriods(text), reportMentions(text));
  if (!decided.ok) return { ok: false, reason: decided.reason };

  const { year, period } = decided;
  const issues: Issue[] = [...decided.issues];
  const periodOwnYear = periodYear(period) ?? year;
  if (period.stated && (period.start !== `${periodOwnYear}-01-01` || period.end !== `${periodOwnYear}-12-31`)) {
    issues.push(issue("period.partial", `the statistical period is ${period.start} to ${period.end}, not the whole year`, "period"));
  }
  const region = resolveRegion(title.agency, text);
  const { figures, hints } = readNarrative(text, outline, year, input);
  const proactiveFormat = proactiveText ? (proactiveVersion(proactiveText) ?? formatVersion) : formatVersion;
  const proactive = parseProactive(proactiveText, proactiveFormat, { stated: statedCells(figures), hints });
  const reviewLitigationPart = slice(text, outline, "reviewLitigation");
  const reviewLitigation = parseReviewLitigation(reviewLitigationPart?.text ?? null);
  issues.push(...region.issues, ...proactive.issues, ...applications.issues, ...reviewLitigation.issues);
  issues.push(...dropInfinite(applications.applications, reviewLitigation.reviewLitigation, proactive.proactive));
  issues.push(...checkIdentities(applications.applications, reviewLitigation.reviewLitigation, formatVersion));
  issues.push(...checkPlausible(applications.applications, reviewLitigation.reviewLitigation, proactive.proactive));
  const tables = { applications: applications.applications, reviewLitigation: reviewLitigation.reviewLitigation, proactive: proactive.proactive };
  issues.push(...checkNarrative(figures, tables));
  const offsets: NumberOffsets = {
    proactive: [proactive.cellAt, proactivePart?.start ?? 0],
    applications: [applications.rowAt, table3.start],
    reviewLitigation: [reviewLitigation.groupAt, reviewLitigationPart?.start ?? 0],
  };
  if (options.ocr?.length) {
    issues.push(...ocrIssues(input, options.ocr, offsets, issues));
    issues.push(...unreadCells({ ...tables, proactiveVersion: proactiveFormat, formatVersion }));
  }

  const original = blankRanges(input, pageParts);
  const report: Report = {
    agency: title.agency,
    agencyAsPrinted: agencyAsPrinted(original, text, title),
    year,
    periodStart: period.start,
    periodEnd: period.end,
    formatVersion,
    region: region.region,
    source: null,
    proactive: proactive.proactive,
    applications: applications.applications,
    reviewLitigation: reviewLitigation.reviewLitigation,
    sections: parseSections(foldRadicals(original), outline),
    // The header holding 发布时间 is page chrome, blanked in `text`.
    edition: { ...readEdition(text, { periodEnd: period.end }), publishedOn: publishedOn(normalized) },
    issues,
  };
  if (options.source) {
    report.source = options.pageStarts?.length ? { ...options.source, numberPages: numberPages(offsets, options.pageStarts) } : options.source;
  }
  return { ok: true, report };
}

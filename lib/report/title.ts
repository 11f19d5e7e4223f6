import { isoDate } from "./dates";
import { compact, isSpace } from "./normalize";

/** The title (agency and year) and the statistical period. */

/** `2022—2023年度`, `2022-2023年`, `2022年至2023年度`: a span of two years before the year of a title. */
const YEAR_SPAN = String.raw`(?:(\d{4})\s*年?\s*(?:—{1,2}|[–\-~至到])\s*)?`;
const TITLE = new RegExp(String.raw`${YEAR_SPAN}(\d{4})\s*年\s*(?:度)?([^\d]{0,40}?)政府信息公开(?:工作)?(?:年度)?报告`);
const HEAD_LINES = 6;
const NOISE = /^(?:[【\[(（].*?[】\])）])|^(?:关于|发布)|[“”"《》<>]/g;
/** Page words a converted or crawled document prints before its title: never an agency. */
const PAGE_WORD = /^(?:正文|全文|原文|目录|首页|附件\d*)/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export type Title = { agency: string; year: number };
/** A title naming two years (2022—2023年度…): which one the report is of is decided from its text, never guessed. */
export type TwoYearTitle = { agency: string; years: [number, number] };

/** 关于报送/关于印发 … wording of a cover letter's title, between the agency and the year. */
const LETTER_WORDING = /(?:关于)?(?:报送|印发|公布|发布|编制)?$/;

function cleanAgency(name: string): string {
  return name
    .replace(NOISE, "")
    .replace(/[:：,，。、]+$/, "")
    .replace(LETTER_WORDING, "");
}

const isYear = (year: number) => year >= MIN_YEAR && year <= MAX_YEAR;

function titleFrom(text: string): Title | TwoYearTitle | null {
  const match = TITLE.exec(text);
  if (!match) return null;
  const [whole, spanStart, year, after] = match;
  const before = (
    text
      .slice(0, match.index)
      .split(/[。！？!?]/)
      .pop() ?? ""
  ).replace(PAGE_WORD, "");
  const agency = cleanAgency(before || after || "");
  const last = Number(year);
  const first = spanStart === undefined ? last : Number(spanStart);
  if (!agency || !isYear(first) || !isYear(last) || whole.length > 80) return null;
  return first === last ? { agency, year: last } : { agency, years: [Math.min(first, last), Math.max(first, last)] };
}

/** The title is the first lines of the document joined without whitespace; a title may wrap (003). */
export function parseTitle(text: string): Title | TwoYearTitle | null {
  const lines = headLines(text, HEAD_LINES + 2);
  for (let first = 0; first < Math.min(lines.length, HEAD_LINES); first++) {
    const title = titleOfLines(lines.slice(first, first + 3));
    if (title) return title;
  }
  return null;
}

/** The first `count` lines that are not blank, compacted (only these are read: the rest of the text is long). */
function headLines(text: string, count: number): string[] {
  const lines: string[] = [];
  for (let start = 0; start <= text.length && lines.length < count; ) {
    const end = text.indexOf("\n", start);
    const line = compact(text.slice(start, end < 0 ? text.length : end));
    if (line) lines.push(line);
    start = end < 0 ? text.length + 1 : end + 1;
  }
  return lines;
}

/** A title at the start of these (compacted) lines, read up to its first 报告. */
export function titleOfLines(lines: readonly string[]): Title | TwoYearTitle | null {
  const head = lines.join("");
  const cut = head.indexOf("报告");
  return cut >= 0 ? titleFrom(head.slice(0, cut + 2)) : null;
}

export function titleName(title: Title | TwoYearTitle): string {
  return "years" in title ? `${title.agency} ${title.years.join("—")}` : `${title.agency} ${title.year}`;
}

export type Period = { start: string; end: string };

/**
 * A period (2021年1月1日起至2021年12月31日) as compact(text) would print it, found in the text itself: whitespace may
 * fall between any two of its characters (a PDF's line breaks), so the text need not be copied without it first.
 */
const YEAR_DIGITS = String.raw`(\d(?:\s*\d){3})`;
const DAY_DIGITS = String.raw`(\d(?:\s*\d)?)`;
const PERIOD = new RegExp(
  String.raw`${YEAR_DIGITS}\s*年\s*${DAY_DIGITS}\s*月\s*${DAY_DIGITS}\s*日(?:\s*起)?(?:\s*[,，])?\s*(?:至|到|—|－|-|~|～)` +
    String.raw`(?:\s*${YEAR_DIGITS}\s*年)?\s*${DAY_DIGITS}\s*月\s*${DAY_DIGITS}\s*日`,
  "g",
);

/** The `count` characters other than whitespace before `at` (fewer at the start): what compact(text) has there. */
function compactBefore(text: string, at: number, count: number): string {
  let start = at;
  for (let kept = 0; start > 0 && kept < count; start--) if (!isSpace(text.charCodeAt(start - 1))) kept++;
  return compact(text.slice(start, at));
}

/** The `count` characters other than whitespace from `from` on (fewer at the end). */
function compactAfter(text: string, from: number, count: number): string {
  let end = from;
  for (let kept = 0; end < text.length && kept < count; end++) if (!isSpace(text.charCodeAt(end))) kept++;
  return compact(text.slice(from, end));
}

/** PERIOD tried at one offset. */
const PERIOD_AT = new RegExp(PERIOD.source, "y");

/**
 * Where the year digits before the 年 at `at` start: four digits, whitespace allowed before and between them, as
 * PERIOD's start `\d(?:\s*\d){3}\s*年` has them; -1 if they are not there.
 */
function yearDigitsStart(text: string, at: number): number {
  let i = at;
  for (let digit = 0; digit < 4; digit++) {
    while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
    const code = text.charCodeAt(i - 1);
    if (!(code >= 48 && code <= 57)) return -1;
    i--;
  }
  return i;
}

/**
 * What text.matchAll(PERIOD) finds, without trying the pattern at every digit of the tables: a match starts at the
 * year digits before a 年 (the only place its start can match), so only those offsets are tried, in order.
 */
function periodMatches(text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  let from = 0;
  for (let year = text.indexOf("年"); year >= 0; year = text.indexOf("年", year + 1)) {
    const start = yearDigitsStart(text, year);
    if (start < from) continue;
    PERIOD_AT.lastIndex = start;
    const match = PERIOD_AT.exec(text);
    if (!match) continue;
    matches.push(match);
    from = start + match[0].length;
  }
  return matches;
}

/** Every statistical period the text states near the word 统计 (or as the span the report covers), in order. */
export function statedPeriods(text: string): Period[] {
  const periods: Period[] = [];
  for (const match of periodMatches(text)) {
    const at = match.index ?? 0;
    const before = compactBefore(text, at, 30);
    const after = compactAfter(text, at + match[0].length, 12);
    // 统计期限自…; 内容涵盖…至…期间的政府信息公开工作 (a report of an agency founded mid-year).
    if (!/统计/.test(before) && !(/涵盖|覆盖|反映/.test(before) && /期间|的/.test(after))) continue;
    const [, y1, m1, d1, y2, m2, d2] = match.map((digits) => (digits === undefined ? NaN : Number(compact(digits)))) as number[];
    const start = isoDate(y1!, m1!, d1!);
    const end = isoDate(Number.isNaN(y2) || !y2 ? y1! : y2, m2!, d2!);
    if (start && end && start <= end) periods.push({ start, end });
  }
  return periods;
}

/** The year a period lies in, or null when it spans two years. */
export function periodYear(period: Period): number | null {
  const [start, end] = [Number(period.start.slice(0, 4)), Number(period.end.slice(0, 4))];
  return start === end ? start : null;
}

export function calendarYear(year: number): Period {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

/** A report of some year named in the text (编制完成2023年度政府信息公开工作年度报告), outside the title of a cited document. */
export type ReportMention = { year: number; phrase: string };

const REPORT_MENTION = new RegExp(String.raw`${YEAR_SPAN}(\d{4})\s*年\s*度?\s*(?:政府)?信息公开(?:工作)?(?:年度)?报告`, "g");

function insideBookTitle(text: string, at: number): boolean {
  return text.lastIndexOf("《", at) > text.lastIndexOf("》", at);
}

/** Report years the text names, skipping spans of two years (a title's 2022—2023) and names of cited documents (《关于做好2024年度…报告…的通知》). */
export function reportMentions(text: string): ReportMention[] {
  const mentions: ReportMention[] = [];
  for (const match of text.matchAll(REPORT_MENTION)) {
    const [phrase, spanStart, year] = match;
    if (spanStart !== undefined || insideBookTitle(text, match.index ?? 0)) continue;
    mentions.push({ year: Number(year), phrase: compact(phrase) });
  }
  return mentions;
}

import { compact } from "./normalize";
import { parseTitle, reportMentions, titleName, titleOfLines, type Title, type TwoYearTitle } from "./title";

/** What a file is when it is not one annual report: another kind of document, a column's list page, or two reports. */

/** Kinds of documents filed in the same 年报 columns, told by the end of their title. */
const DOCUMENT_KINDS: readonly [RegExp, (match: RegExpExecArray) => string][] = [
  [/自查报告$/, () => "a 自查报告 (self-inspection report)"],
  [/((?:工作要点)?落实情况)的函$/, (m) => `a 函 (letter) about ${m[1]}`],
  [/的函$/, () => "a 函 (letter)"],
  [/((?:工作要点)?落实情况)$/, (m) => `a ${m[1]} document`],
  [/工作要点$/, () => "a 工作要点 (work plan)"],
  [/工作总结$/, () => "a 工作总结 (work summary)"],
  [/通知$/, () => "a 通知 (notice)"],
];
/** A title is short: a longer first line is body text, whose end says nothing of the document's kind. */
const MAX_TITLE_LENGTH = 80;
/** This many report titles of different years and no table: a column's list page. */
const MIN_LIST_TITLES = 3;

function firstLine(text: string): string {
  return text.split("\n").map(compact).find(Boolean) ?? "";
}

/** What the document is, when its title or its content says so; null when it cannot tell. */
export function documentKind(text: string): string | null {
  const reportYears = reportMentions(text).map((mention) => mention.year);
  const listed = new Set(reportYears).size;
  if (listed >= MIN_LIST_TITLES) return `a list page of ${listed} annual reports' titles (a column's index, not a report)`;
  const title = firstLine(text);
  if (!title || title.length > MAX_TITLE_LENGTH) return null;
  for (const [pattern, describe] of DOCUMENT_KINDS) {
    const match = pattern.exec(title);
    if (match) return `${describe(match)} titled “${title}”`;
  }
  return null;
}

/** The first report year of the national template (国办公开办函〔2019〕60号); earlier reports have none of its tables. */
const FIRST_TEMPLATE_YEAR = 2019;

/**
 * An annual report titled with a year before the template (2009–2018 reports fill every 年报 column): what it is,
 * so that the refusal does not call it something else. Null for a later year, a two-year title or no title.
 */
export function reportBeforeTemplate(text: string): string | null {
  const title = parseTitle(text);
  if (!title || "years" in title || title.year >= FIRST_TEMPLATE_YEAR) return null;
  return `${titleName(title)}: an annual report in the format before 2019 (none of the 表二, 表三 or 表四 of the 2019 or 2021 template), not read`;
}

/** The first row of 表三 followed by its numbers (not a narrative sentence 本年新收申请数量为5件), then 上年结转. */
const TABLE3_FIRST_ROW = /本\s*年\s*(?:新\s*收|接\s*收)[^。\d]{0,30}?数\s*量[\s|:]*\d+(?![\d\s]*件)/g;
const TABLE3_SECOND_ROW = /上\s*年\s*结\s*转/;
const ROWS_APART = 400;
const MAX_TITLE_LINE = 60;

const TABLE3_LAST_ROW = /结\s*转\s*下\s*年\s*度/;

/** Where each whole 表三 starts: a first row after the previous table's last row (a repeated row line is no new table). */
function table3Starts(text: string): number[] {
  const starts: number[] = [];
  for (const match of text.matchAll(TABLE3_FIRST_ROW)) {
    const at = match.index ?? 0;
    if (!TABLE3_SECOND_ROW.test(text.slice(at, at + ROWS_APART))) continue;
    const previous = starts.at(-1);
    if (previous === undefined || TABLE3_LAST_ROW.test(text.slice(previous, at))) starts.push(at);
  }
  return starts;
}

/** The last title line (possibly wrapped onto the next two lines) of a stretch of text. */
function lastTitleIn(segment: string): Title | TwoYearTitle | null {
  const lines = segment.split("\n").map(compact);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (!line || line.length > MAX_TITLE_LINE) continue;
    const title = titleOfLines(lines.slice(i, i + 3));
    if (title) return title;
  }
  return null;
}

const COUNT_WORDS = ["", "one", "two", "three", "four", "five", "six"];

/**
 * When the file prints 表三 more than once, the reports it holds, by the title before each table (the first by the
 * document's title): a reason to refuse the file naming them all. Null for a file with one 表三.
 */
export function severalReports(text: string, firstTitle: Title | TwoYearTitle): string | null {
  const starts = table3Starts(text);
  if (starts.length < 2) return null;
  const names = starts.map((start, i) => {
    if (i === 0) return titleName(firstTitle);
    const title = lastTitleIn(text.slice(starts[i - 1], start));
    return title ? titleName(title) : `an untitled report (表三 number ${i + 1})`;
  });
  const count = COUNT_WORDS[names.length] ?? String(names.length);
  return `${count} reports in one file: ${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

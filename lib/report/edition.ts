import { isoDate } from "./dates";
import { compact } from "./normalize";
import type { Edition } from "./schema";

/**
 * What tells two files of one agency and year apart as editions of the report: the date it was signed (落款, the
 * date after the agency's name at the end), the date a site published it (a crawler's 发布时间: header) and a mark
 * that it corrects an earlier edition (更正/修订/修正 in its title or a statement about the report). The store
 * decides from these which edition is current (db/revisions.ts); nothing here depends on when a file was ingested.
 */

type Period = { periodEnd: string };

const DATE = String.raw`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`;
/**
 * A signature: a name standing alone (after whitespace or the end of a sentence) and a date ending its line or the
 * text. A date followed by 印发 is the issuing office's imprint, not the signature.
 */
const SIGNATURE = new RegExp(String.raw`(?:^|[\s。！？；])([^\s。！？；，,：:、（）()“”"《》\d]{2,40}?)\s*${DATE}(?!\s*印发)(?=\s|$)`, "g");
/** The signature sits in the last lines; further up, a name and a date are prose. */
const TAIL = 400;
/** A report is signed after its period ends, and within this many days of it; another date is a typo or a citation. */
const MAX_SIGNING_DELAY_DAYS = 3 * 366;

/** A crawler's 发布时间: header, or a saved page's 来源：…时间：line under the title. */
const PUBLISHED = /(?:发布时间|发布日期|来源[ \t]*[:：][^\n]{0,40}?时间)[ \t]*[:：][ \t]*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;
/** Crawler headers are at the top of the file. */
const HEAD = 2000;

/** 更正/修订/修正 in a title: 关于…年度报告（更正）, 【修订版】…, …报告（修正稿）. */
const MARK_IN_TITLE = /更正|修订|修正/;
/**
 * A statement about the report itself, or a bracketed mark on a line of its own (（更正版） under the text); never
 * 修订完善, 新修订的《条例》 or 招标更正公告 (ordinary prose in reports: seed 001 counts its tenders' 更正公告; held-out
 * 80567 has 年度报告 苏平片区管理局根据新修订…).
 */
const MARK_IN_TEXT =
  /(?:本|原|该|此)报告[^。\s]{0,20}?(?<!新)(?:更正|修订|修正)(?!完善)|(?:更正|修订|修正)后的?(?:本|年度)?报告|^[ \t]*[(（【[][ \t]*(?:更正|修订|修正)(?:版|稿)?[ \t]*[)）】\]][ \t]*$/m;
const MARK_WORDS = ["更正", "修订", "修正"];
/** The title is in the first lines; the line after it may carry the mark alone (（更正版）). */
const TITLE_LINES = 6;
const MARK_LINE = 12;
/** Longer lines are the report's first paragraph (根据新修订的《条例》…编制本报告), not its title. */
const MAX_TITLE_LINE = 80;

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

function plausibleSigning(date: string, { periodEnd }: Period): boolean {
  const delay = dayOf(date) - dayOf(periodEnd);
  return delay > 0 && delay <= MAX_SIGNING_DELAY_DAYS;
}

/** The 落款 date: the last signature in the text's tail, if it falls after the statistical period. */
export function signedOn(text: string, period: Period): string | null {
  const tail = text.slice(Math.max(0, text.trimEnd().length - TAIL));
  // A signature ends in a date: a tail without 日 has none, and the pattern is not tried at each of its characters.
  if (!tail.includes("日")) return null;
  let found: string | null = null;
  for (const match of tail.matchAll(SIGNATURE)) {
    const date = isoDate(Number(match[2]), Number(match[3]), Number(match[4]));
    if (date && plausibleSigning(date, period)) found = date;
  }
  return found;
}

/** The 发布时间 of a crawler's or CMS's header block. */
export function publishedOn(text: string): string | null {
  const match = PUBLISHED.exec(text.slice(0, HEAD));
  return match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

/** The title's lines: up to the first holding 报告, and the next one when it is short enough to be a mark alone. */
function titleLines(text: string): string[] {
  // The first TITLE_LINES lines that are not blank, compacted: only these are read, the rest of the text is long.
  const lines: string[] = [];
  for (let start = 0; start <= text.length && lines.length < TITLE_LINES; ) {
    const end = text.indexOf("\n", start);
    const line = compact(text.slice(start, end < 0 ? text.length : end));
    if (line) lines.push(line);
    start = end < 0 ? text.length + 1 : end + 1;
  }
  const last = lines.findIndex((line) => line.includes("报告"));
  if (last < 0) return [];
  const next = lines[last + 1];
  const block = [...lines.slice(0, last + 1), ...(next !== undefined && next.length <= MARK_LINE ? [next] : [])];
  return block.filter((line) => line.length <= MAX_TITLE_LINE);
}

/** The correction mark as printed (更正, 修订版, 本报告…更正), from the title or a statement about the report. */
export function revisionMark(text: string): string | null {
  const inTitle = MARK_IN_TITLE.exec(titleLines(text).join(""));
  if (inTitle) return inTitle[0];
  // Every mark holds one of these words: a text without them (most reports) is not searched with the long pattern.
  if (!MARK_WORDS.some((word) => text.includes(word))) return null;
  return MARK_IN_TEXT.exec(text)?.[0] ?? null;
}

export function readEdition(text: string, period: Period): Edition {
  return { signedOn: signedOn(text, period), publishedOn: publishedOn(text), revisionMark: revisionMark(text) };
}

/** A report with no dates or marks printed: a made-up one (lib/synth, tests) or a bare table. */
export const NO_EDITION: Edition = { signedOn: null, publishedOn: null, revisionMark: null };

import { compact } from "./normalize";

/** The title (agency and year) and the statistical period. */

const TITLE = /(\d{4})\s*年\s*(?:度)?([^\d]{0,40}?)政府信息公开(?:工作)?(?:年度)?报告/;
const HEAD_LINES = 6;
const NOISE = /^(?:[【\[(（].*?[】\])）])|^(?:关于|发布)|[“”"《》<>]/g;
/** Page words a converted or crawled document prints before its title: never an agency. */
const PAGE_WORD = /^(?:正文|全文|原文|目录|首页|附件\d*)/;

export type Title = { agency: string; year: number };

/** 关于报送/关于印发 … wording of a cover letter's title, between the agency and the year. */
const LETTER_WORDING = /(?:关于)?(?:报送|印发|公布|发布|编制)?$/;

function cleanAgency(name: string): string {
  return name.replace(NOISE, "").replace(/[:：,，。、]+$/, "").replace(LETTER_WORDING, "");
}

function titleFrom(text: string): Title | null {
  const match = TITLE.exec(text);
  if (!match) return null;
  const [whole, year, after] = match;
  const before = (text.slice(0, match.index).split(/[。！？!?]/).pop() ?? "").replace(PAGE_WORD, "");
  const agency = cleanAgency(before || after || "");
  const yearNumber = Number(year);
  if (!agency || yearNumber < 2000 || yearNumber > 2100 || whole.length > 80) return null;
  return { agency, year: yearNumber };
}

/** The title is the first lines of the document joined without whitespace; a title may wrap (003). */
export function parseTitle(text: string): Title | null {
  const lines = text.split("\n").map(compact).filter(Boolean);
  for (let first = 0; first < Math.min(lines.length, HEAD_LINES); first++) {
    const head = lines.slice(first, first + 3).join("");
    const cut = head.indexOf("报告");
    const title = cut >= 0 ? titleFrom(head.slice(0, cut + 2)) : null;
    if (title) return title;
  }
  return null;
}

export type Period = { start: string; end: string };

const PERIOD =
  /(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?[,，]?(?:至|到|—|－|-|~|～)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/g;

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** The statistical period, when the text states one near the word 统计; otherwise the calendar year. */
export function parsePeriod(text: string, year: number): Period & { stated: boolean } {
  const key = compact(text);
  for (const match of key.matchAll(PERIOD)) {
    const near = key.slice(Math.max(0, (match.index ?? 0) - 30), match.index ?? 0);
    if (!/统计/.test(near)) continue;
    const [, y1, m1, d1, y2, m2, d2] = match.map(Number) as number[];
    const start = isoDate(y1!, m1!, d1!);
    const end = isoDate(Number.isNaN(y2) || !y2 ? y1! : y2, m2!, d2!);
    if (start && end && y1 === year && start <= end) return { start, end, stated: true };
  }
  return { start: `${year}-01-01`, end: `${year}-12-31`, stated: false };
}

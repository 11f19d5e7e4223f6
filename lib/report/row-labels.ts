import { issue } from "./issues";
import { bareWordsPattern, compact, detached } from "./normalize";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, type ApplicationRow, type Issue } from "./schema";
import { ROW_LABELS } from "./template";
import type { Group } from "./tokens";

/** 表三's row labels: which row each printed label names, in template order, and labels printed otherwise. */

type RowKey = { pattern: RegExp; variants?: [RegExp, string][] };

const NOT_AGAIN_TYPO: [RegExp, string][] = [[/不在处理/, "不在处理 (for 不再处理)"]];

/** Keywords by meaning; a label matches the row whose keyword ends closest to the numbers. */
const ROW_KEYS: Record<ApplicationRow, RowKey> = {
  newReceived: {
    pattern: /本年(?:度)?(?:新收|接收|收到|新接收|受理)/,
    variants: [[/本年(?:度)?(?:接收|收到|新接收|受理)/, "本年接收… (for 本年新收政府信息公开申请数量)"]],
  },
  carriedOver: { pattern: /上年(?:度)?结转/ },
  granted: { pattern: /予以公开/ },
  partiallyGranted: { pattern: /部分公开/ },
  withheldStateSecret: { pattern: /国家秘密/ },
  withheldLawProhibited: { pattern: /禁止公开/ },
  withheldSecurityStability: { pattern: /三安全一稳定|危及/ },
  withheldThirdParty: { pattern: /第三方/ },
  withheldInternalAffairs: { pattern: /内部事务/ },
  withheldProcessInfo: { pattern: /过程性/ },
  withheldEnforcementFile: { pattern: /执法案卷/ },
  withheldQueryMatter: { pattern: /查询事项|行政查询/ },
  unableNotHeld: { pattern: /不掌握/ },
  unableNeedsCreation: { pattern: /另行制作|没有现成/ },
  unableUnclear: { pattern: /不明确/ },
  rejectedComplaint: { pattern: /信访|举报|投诉/ },
  rejectedDuplicate: { pattern: /重复申请/ },
  rejectedPublication: { pattern: /出版物/ },
  rejectedExcessive: { pattern: /大量反复/ },
  rejectedConfirmation: { pattern: /重新出具|确认/ },
  otherNoCorrection: { pattern: /不补正/, variants: NOT_AGAIN_TYPO },
  otherNoFee: { pattern: /缴纳费用|收费通知/, variants: NOT_AGAIN_TYPO },
  otherOther: { pattern: /其他[)）]?$/ },
  otherTotal: { pattern: /其他处理[)）]?$/ },
  handledTotal: { pattern: /总计[)）]?$/ },
  carriedForward: { pattern: /结转下年度|结转下一年|下年度继续办理/ },
};

const TRAILING_PUNCTUATION = /[\s,.:;、，。：；]+$/;

/** Each row's keyword as the last match in a label: the greedy lead puts the match as far right as it goes. */
const LAST_KEYWORD = Object.fromEntries(APPLICATION_ROWS.map((row) => [row, new RegExp(`^[\\s\\S]*(${ROW_KEYS[row].pattern.source})`)])) as Record<
  ApplicationRow,
  RegExp
>;

/** A pattern that is plain words or'ed together (信访|举报|投诉): its words, else null. */
function plainWords(pattern: RegExp): string[] | null {
  return pattern.flags === "" && /^[^\\^$.|?*+()[\]{}]+(?:\|[^\\^$.|?*+()[\]{}]+)*$/.test(pattern.source) ? pattern.source.split("|") : null;
}

/** The rows whose keyword is plain words, by row: their last match is found with lastIndexOf, not a regular expression. */
const KEYWORD_WORDS = Object.fromEntries(APPLICATION_ROWS.map((row) => [row, plainWords(ROW_KEYS[row].pattern)])) as Record<ApplicationRow, string[] | null>;

/**
 * Where LAST_KEYWORD's match of plain words ends: the match starts as far right as any word starts, and there it is
 * the first word, in the pattern's order, printed from that point.
 */
function lastWordEnd(label: string, words: string[]): number {
  let start = -1;
  // includes first: V8's lastIndexOf is much slower, and most labels hold none of the words.
  for (const word of words) if (label.includes(word)) start = Math.max(start, label.lastIndexOf(word));
  if (start < 0) return -1;
  return start + words.find((word) => label.startsWith(word, start))!.length;
}

/** Where the row's keyword ends in the label, or -1. */
function keywordEnd(label: string, row: ApplicationRow): number {
  const words = KEYWORD_WORDS[row];
  if (words) return lastWordEnd(label, words);
  // Most labels lack most keywords: a forward search rules them out faster than the backtracking last-match one.
  if (!ROW_KEYS[row].pattern.test(label)) return -1;
  const match = LAST_KEYWORD[row].exec(label);
  return match ? match[0].length : -1;
}

/** `again`: the label names a row already found above (a row printed twice). */
export type Placed = { group: Group; row: ApplicationRow | null; again?: boolean };

/** The index among rows[from..to) of the row the label names, or -1; remembered by label, rows and bounds. */
function matchRow(label: string, rows: readonly ApplicationRow[], from: number, to: number): number {
  const memo = labelMemo(label);
  if (!memo) return findRow(label, rows, from, to);
  const key = (rowsId(rows) * 64 + from) * 64 + to;
  let index = memo.rows.get(key);
  if (index === undefined) memo.rows.set(key, (index = findRow(label, rows, from, to)));
  return index;
}

/**
 * Answers of pure functions of a label, kept across reports: most reports print the template's labels, so most
 * labels were read before. `rows`: matchRow's by rows and bounds; `prints`: printsLabel's by template wording.
 * Bounded: the map is started afresh when it holds MAX_MEMO labels, and longer labels (text that is not a row's
 * label) are not kept; keys are copies (detached), so no report's text stays alive in the map.
 */
type LabelMemo = { rows: Map<number, number>; prints: Map<string, boolean> };
const MAX_MEMO = 5000;
const MAX_MEMO_LABEL = 200;
const LABEL_MEMOS = new Map<string, LabelMemo>();

function labelMemo(label: string): LabelMemo | null {
  if (label.length > MAX_MEMO_LABEL) return null;
  let memo = LABEL_MEMOS.get(label);
  if (!memo) {
    if (LABEL_MEMOS.size >= MAX_MEMO) LABEL_MEMOS.clear();
    LABEL_MEMOS.set(detached(label), (memo = { rows: new Map(), prints: new Map() }));
  }
  return memo;
}

/** A number for each list of rows (the two templates' PRINTED_ROWS), part of matchRow's memo key. */
const ROWS_IDS = new Map<readonly ApplicationRow[], number>();

function rowsId(rows: readonly ApplicationRow[]): number {
  let id = ROWS_IDS.get(rows);
  if (id === undefined) ROWS_IDS.set(rows, (id = ROWS_IDS.size));
  return id;
}

function findRow(label: string, rows: readonly ApplicationRow[], from: number, to: number): number {
  const text = label.replace(TRAILING_PUNCTUATION, "");
  let best = -1;
  let bestEnd = -1;
  // A keyword that ends the label cannot be beaten: a later row wins only by ending further right.
  for (let i = from; i < to && bestEnd < text.length; i++) {
    const end = keywordEnd(text, rows[i] as ApplicationRow);
    if (end > bestEnd) [best, bestEnd] = [i, end];
  }
  return best;
}

const MAX_ROW_LABEL = 40;

/** A short label and a row's worth of digits: not a sentence of the narrative with a figure in it (办结率100%). */
function looksLikeRow(group: Group): boolean {
  return compact(group.label).length <= MAX_ROW_LABEL && group.numbers.join("").length >= APPLICANT_COLUMNS.length;
}

/** Labels in template order; a row's keyword must come after the previous row's. */
export function placeGroups(groups: Group[], rows: readonly ApplicationRow[]): Placed[] {
  let next = 0;
  return groups.map((group) => {
    const index = matchRow(group.label, rows, next, rows.length);
    const earlier = index < 0 && next > 0 && looksLikeRow(group) ? matchRow(group.label, rows, 0, next) : -1;
    if (earlier >= 0) return { group, row: rows[earlier] as ApplicationRow, again: true };
    if (index < 0) return { group, row: null };
    next = index + 1;
    return { group, row: rows[index] as ApplicationRow };
  });
}

/** Unrecognised labels between two recognised rows fill the rows between them, when the counts agree. */
export function placeByPosition(placed: Placed[], rows: readonly ApplicationRow[], issues: Issue[]): void {
  let lastIndex = -1;
  let pending: Placed[] = [];
  for (const entry of placed) {
    if (entry.again) continue;
    if (entry.row === null) {
      pending.push(entry);
      continue;
    }
    const index = rows.indexOf(entry.row);
    if (pending.length > 0 && pending.length === index - lastIndex - 1) {
      pending.forEach((p, k) => {
        const row = rows[lastIndex + 1 + k] as ApplicationRow;
        p.row = row;
        const message = `label "${p.group.label}" not recognised; read as ${ROW_LABELS[row].label} by its position`;
        issues.push(issue("label.variant", message, "applications", row));
      });
    }
    lastIndex = index;
    pending = [];
  }
}

export function labelVariantIssues(placed: Placed[], header: string): Issue[] {
  const issues: Issue[] = [];
  if (/商业机构/.test(header)) {
    issues.push(issue("label.variant", "column header 商业机构 (for 商业企业)", "applications", undefined, "business"));
  }
  for (let i = 0; i < placed.length; i++) {
    const { group, row, again } = placed[i] as Placed;
    if (!row || again) continue;
    const known = knownVariant(row, group.label);
    const template = ROW_LABELS[row].label;
    if (known) issues.push(issue("label.variant", `row label ${known}`, "applications", row));
    // A label wrapped in its cell goes on after the row's numbers (PDF): the next label's start is its end.
    else if (!printsLabel(group.label, template) && !printsLabel(group.label + (placed[i + 1]?.group.label ?? ""), template)) {
      issues.push(issue("label.variant", `row label "${compact(group.label)}" (for ${ROW_LABELS[row].label})`, "applications", row));
    }
  }
  return issues;
}

function knownVariant(row: ApplicationRow, label: string): string | null {
  const variants = ROW_KEYS[row].variants;
  if (variants) for (const [pattern, name] of variants) if (pattern.test(label)) return name;
  return null;
}

/** The template's wording is in the printed label, whatever the spacing, brackets and punctuation. */
export function printsLabel(printed: string, template: string): boolean {
  const memo = labelMemo(printed);
  if (!memo) return bareWordsPattern(template).test(printed);
  let prints = memo.prints.get(template);
  if (prints === undefined) memo.prints.set(template, (prints = bareWordsPattern(template).test(printed)));
  return prints;
}

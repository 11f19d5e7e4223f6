import { chineseNumber } from "./numerals";
/**
 * A table's text as a stream of label text and numbers. Whitespace inside labels is dropped (spaced and
 * wrapped labels join up); whitespace between numbers separates them. A number may still hold several
 * printed cells whose separators were lost (`6000006`); the table parsers split those.
 */
/** `at`: the token's offset in the text given to tokenize (a number's first digit), so it can be traced to its page. */
/** `numeral`: a number printed in Chinese numerals (十四), as printed. */
/** `blank`: a cell printed as a dash (-), as printed; its text is BLANK_CELL. */
export type Token = { kind: "text" | "num"; text: string; at: number; numeral?: string; blank?: string };

/** The text of a cell printed as a lone dash, among a row's numbers: an empty cell, not a count. */
export const BLANK_CELL = "-";

// 1,234 is one number; a digit right before "." or "、" and a non-digit is an item number (1.属于国家秘密).
const PIECE = /(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)|([^\d]+)/g;
const ITEM_MARK = /^[.、](?!\d)/;

function splitChunk(chunk: string, start: number, out: Token[]): void {
  let carry = "";
  for (const match of chunk.matchAll(PIECE)) {
    const [, digits, rest] = match;
    const at = start + (match.index ?? 0);
    if (rest !== undefined) {
      pushText(out, carry + rest, at - carry.length);
      carry = "";
      continue;
    }
    const after = chunk.slice((match.index ?? 0) + match[0].length);
    const number = withoutYear((digits as string).replace(/,/g, ""), after);
    if (number.length < (digits as string).length && !digits!.includes(",")) {
      // The narrative's year glued to a table's last digits (…20000022025年，我局…): the year is text.
      if (number) out.push({ kind: "num", text: number, at });
      pushText(out, digits!.slice(number.length), at + number.length);
      continue;
    }
    if (!number.includes(".") && ITEM_MARK.test(after)) {
      if (number.length > 1) out.push({ kind: "num", text: number.slice(0, -1), at });
      carry = number.slice(-1);
      continue;
    }
    out.push({ kind: "num", text: number, at });
  }
  if (carry) pushText(out, carry, start + chunk.length - carry.length);
}

const YEAR = /(?:19[5-9]\d|20\d\d)$/;

/** Digits run into a year that starts the text after them (`20000022025` before 年): the digits before the year. */
export function withoutYear(digits: string, after: string): string {
  if (!/^年/.test(after) || digits.includes(".") || digits.length <= 4 || !YEAR.test(digits)) return digits;
  return digits.slice(0, -4);
}

function pushText(out: Token[], text: string, at: number): void {
  const last = out[out.length - 1];
  if (last?.kind === "text") last.text += text;
  else out.push({ kind: "text", text, at });
}

// An item number spaced apart from its dot (2 . 其 他 …) is joined up first.
const SPACED_ITEM = /(\d)\s+([.、])(?=\s*[^\d\s])/g;

/** The text with spaced item numbers joined, and for each of its characters the offset it came from. */
function joinSpacedItems(text: string): { joined: string; origin: number[] | null } {
  const kept: number[] = [];
  let last = 0;
  for (const match of text.matchAll(SPACED_ITEM)) {
    const digit = match.index ?? 0;
    for (let i = last; i <= digit; i++) kept.push(i);
    last = digit + match[0].length - 1;
  }
  if (kept.length === 0) return { joined: text, origin: null };
  for (let i = last; i < text.length; i++) kept.push(i);
  return { joined: kept.map((i) => text[i]).join(""), origin: kept };
}

const CHINESE_NUMERAL = /^[零〇一二两三四五六七八九十百千]{1,6}$/;
const DASH = /^(?:-|－|–|—{1,2})$/;
/** A chunk that can be a table cell: digits, a Chinese numeral, a dash. */
const CELL_CHUNK = /^(?:\d+|[零〇一二两三四五六七八九十百千]{1,6}|-|－|–|—{1,2})$/;

/** Beside another cell of a row, and not a heading's numeral (三 then 、本年度办理结果 on the next line). */
function amongCells(chunks: string[], i: number): boolean {
  const besideCell = CELL_CHUNK.test(chunks[i - 1] ?? "") || CELL_CHUNK.test(chunks[i + 1] ?? "");
  return besideCell && !/^[、.,，)）:：]/.test(chunks[i + 1] ?? "");
}

/**
 * A cell printed in Chinese numerals (十四) or as a dash among a row's cells: a number marked `numeral`, or an
 * empty cell marked `blank`, so the table can say what it read. Alone, or beside words, it is text.
 */
function specialCell(chunks: string[], i: number, at: number): Token | null {
  const chunk = chunks[i] as string;
  if (!amongCells(chunks, i)) return null;
  if (DASH.test(chunk)) return { kind: "num", text: BLANK_CELL, at, blank: chunk };
  const numeral = CHINESE_NUMERAL.test(chunk) ? chineseNumber(chunk) : null;
  return numeral === null ? null : { kind: "num", text: String(numeral), at, numeral: chunk };
}

/** `blanks`: read a dash among a row's cells as an empty cell (BLANK_CELL); else it is text, as for 表四. */
export function tokenize(text: string, { blanks = false } = {}): Token[] {
  const tokens: Token[] = [];
  const { joined, origin } = joinSpacedItems(text);
  const chunks = [...joined.matchAll(/\S+/g)];
  const texts = chunks.map((chunk) => chunk[0]);
  chunks.forEach((chunk, i) => {
    const special = specialCell(texts, i, chunk.index ?? 0);
    if (special && (blanks || !special.blank)) tokens.push(special);
    else splitChunk(chunk[0], chunk.index ?? 0, tokens);
  });
  if (origin) for (const token of tokens) token.at = origin[token.at] ?? text.length;
  return tokens;
}

/** A label followed by the run of numbers printed after it; `at`: the offset of its first number. */
export type Group = { label: string; numbers: string[]; at: number; numerals?: string[]; blanks?: string[] };

export function groupTokens(tokens: Token[]): Group[] {
  const groups: Group[] = [];
  let label = "";
  let current: Group | null = null;
  for (const token of tokens) {
    if (token.kind === "text") {
      if (current) {
        groups.push(current);
        current = null;
        label = "";
      }
      label += token.text;
    } else {
      current ??= { label, numbers: [], at: token.at };
      current.numbers.push(token.text);
      if (token.numeral) (current.numerals ??= []).push(token.numeral);
      if (token.blank) (current.blanks ??= []).push(token.blank);
    }
  }
  if (current) groups.push(current);
  return groups;
}

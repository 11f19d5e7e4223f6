import { detached, isSpace } from "./normalize";
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

const NO_DIGITS = 0;
const ONLY_DIGITS = 1;
const MIXED = 2;

/** Whether a chunk has no digits, only digits, or both digits and other characters. */
function digitMix(chunk: string): number {
  let digits = false;
  let other = false;
  for (let i = 0; i < chunk.length && !(digits && other); i++) {
    const code = chunk.charCodeAt(i);
    if (code >= 48 && code <= 57) digits = true;
    else other = true;
  }
  return digits && other ? MIXED : digits ? ONLY_DIGITS : NO_DIGITS;
}

function splitChunk(chunk: string, start: number, out: Token[]): void {
  // Most chunks are a bare number or bare text: the piece-by-piece reading below gives the same for them.
  const mix = digitMix(chunk);
  if (mix === NO_DIGITS) {
    pushText(out, chunk, start);
    return;
  }
  if (mix === ONLY_DIGITS) {
    out.push({ kind: "num", text: chunk, at: start });
    return;
  }
  for (const piece of mixedPieces(chunk)) {
    if (piece.kind === "text") pushText(out, piece.text, start + piece.at);
    else out.push({ kind: "num", text: piece.text, at: start + piece.at });
  }
}

/** A chunk of digits and other characters read piece by piece: its tokens with offsets in the chunk, text not yet joined to the token before. */
function readMixed(chunk: string): Piece[] {
  const pieces: Piece[] = [];
  let carry = "";
  PIECE.lastIndex = 0;
  for (let match = PIECE.exec(chunk); match; match = PIECE.exec(chunk)) {
    const [, digits, rest] = match;
    const at = match.index ?? 0;
    if (rest !== undefined) {
      pieces.push({ kind: "text", text: carry + rest, at: at - carry.length });
      carry = "";
      continue;
    }
    const after = chunk.slice(at + match[0].length);
    const number = withoutYear((digits as string).replace(/,/g, ""), after);
    if (number.length < (digits as string).length && !digits!.includes(",")) {
      // The narrative's year glued to a table's last digits (…20000022025年，我局…): the year is text.
      if (number) pieces.push({ kind: "num", text: number, at });
      pieces.push({ kind: "text", text: digits!.slice(number.length), at: at + number.length });
      continue;
    }
    if (!number.includes(".") && ITEM_MARK.test(after)) {
      if (number.length > 1) pieces.push({ kind: "num", text: number.slice(0, -1), at });
      carry = number.slice(-1);
      continue;
    }
    pieces.push({ kind: "num", text: number, at });
  }
  if (carry) pieces.push({ kind: "text", text: carry, at: chunk.length - carry.length });
  return pieces;
}

type Piece = { kind: "text" | "num"; text: string; at: number };

/**
 * readMixed's pieces, kept across reports for chunks up to MAX_MEMO_CHUNK long (item numbers glued to their labels,
 * 1.属于国家秘密, are the same in most reports). Bounded: started afresh at MAX_MEMO chunks; what is kept is copied
 * (detached), so no report's text stays alive in it.
 */
const MIXED_PIECES = new Map<string, readonly Piece[]>();
const MAX_MEMO = 5000;
const MAX_MEMO_CHUNK = 100;

function mixedPieces(chunk: string): readonly Piece[] {
  if (chunk.length > MAX_MEMO_CHUNK) return readMixed(chunk);
  let pieces = MIXED_PIECES.get(chunk);
  if (!pieces) {
    if (MIXED_PIECES.size >= MAX_MEMO) MIXED_PIECES.clear();
    pieces = readMixed(chunk).map((piece) => ({ ...piece, text: detached(piece.text) }));
    MIXED_PIECES.set(detached(chunk), pieces);
  }
  return pieces;
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
  let joined = "";
  let last = 0;
  SPACED_ITEM.lastIndex = 0;
  for (let match = SPACED_ITEM.exec(text); match; match = SPACED_ITEM.exec(text)) {
    const digit = match.index ?? 0;
    for (let i = last; i <= digit; i++) kept.push(i);
    joined += text.slice(last, digit + 1);
    last = digit + match[0].length - 1;
  }
  if (kept.length === 0) return { joined: text, origin: null };
  for (let i = last; i < text.length; i++) kept.push(i);
  return { joined: joined + text.slice(last), origin: kept };
}

const NUMERAL_CHARS = "零〇一二两三四五六七八九十百千";
const CHINESE_NUMERAL = new RegExp(`^[${NUMERAL_CHARS}]{1,6}$`);
const DASH = /^(?:-|－|–|—{1,2})$/;
/** A chunk that can be a table cell: digits, a Chinese numeral, a dash. */
const CELL_CHUNK = new RegExp(`^(?:\\d+|[${NUMERAL_CHARS}]{1,6}|-|－|–|—{1,2})$`);
/** The first characters of a numeral or a dash. */
const SPECIAL_FIRST = new Uint8Array(0x10000);
for (const char of [...NUMERAL_CHARS, "-", "－", "–", "—"]) SPECIAL_FIRST[char.charCodeAt(0)] = 1;

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
  // Most chunks are digits or words: one look at the first character rules them out.
  if (SPECIAL_FIRST[chunk.charCodeAt(0)] !== 1 || !amongCells(chunks, i)) return null;
  if (DASH.test(chunk)) return { kind: "num", text: BLANK_CELL, at, blank: chunk };
  const numeral = CHINESE_NUMERAL.test(chunk) ? chineseNumber(chunk) : null;
  return numeral === null ? null : { kind: "num", text: String(numeral), at, numeral: chunk };
}

/** The runs of characters between whitespace, and where each starts (what /\S+/g finds, without a match object each). */
function chunksOf(text: string): { texts: string[]; starts: number[] } {
  const texts: string[] = [];
  const starts: number[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || isSpace(text.charCodeAt(i));
    if (space && start >= 0) {
      texts.push(text.slice(start, i));
      starts.push(start);
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return { texts, starts };
}

/** `blanks`: read a dash among a row's cells as an empty cell (BLANK_CELL); else it is text, as for 表四. */
export function tokenize(text: string, { blanks = false } = {}): Token[] {
  const tokens: Token[] = [];
  const { joined, origin } = joinSpacedItems(text);
  const { texts, starts } = chunksOf(joined);
  for (let i = 0; i < texts.length; i++) {
    const special = specialCell(texts, i, starts[i]!);
    if (special && (blanks || !special.blank)) tokens.push(special);
    else splitChunk(texts[i]!, starts[i]!, tokens);
  }
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

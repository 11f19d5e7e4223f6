import { MARK_END, MARK_START } from "../lib/store/types";

/**
 * SQLite FTS5's snippet() over the trigram tokenizer, in TypeScript, so that PostgreSQL's search (db/pg/queries/search.ts)
 * shows the snippet SQLite shows for the same part and query: `snippet(report_sections_fts, 0, MARK_START, MARK_END,
 * '…', 24)` of db/queries/search.ts. A port of fts5SnippetFunction, fts5SnippetScore, fts5HighlightCb and the
 * coalesced-instance iterator of fts5_aux.c, and of fts5TriTokenize of fts5_tokenize.c (SQLite 3.51): one token per
 * run of three characters, each phrase (a search term) matching where its characters follow each other, case folded.
 * tests/search-snippet.test.ts holds it to SQLite's snippet() and its folding to the tokenizer's, code point by code point.
 */

/** The 5th argument of snippet(): the window in tokens (trigrams, so 26 characters). */
export const SNIPPET_TOKENS = 24;
const ELLIPSIS = "…";

/**
 * Code points sqlite3Fts5UnicodeFold leaves as they are although Unicode now folds them (its table predates them):
 * ranges [from, to], read from SQLite's trigram tokenizer by tests/search-snippet.test.ts, which fails if they drift.
 */
const UNFOLDED: [number, number][] = [
  [305, 305],
  [895, 895],
  [1320, 1320],
  [1322, 1322],
  [1324, 1324],
  [1326, 1326],
  [5024, 5109],
  [7296, 7305],
  [7312, 7354],
  [7357, 7359],
  [11311, 11311],
  [42648, 42648],
  [42650, 42650],
  [42902, 42902],
  [42904, 42904],
  [42906, 42906],
  [42908, 42908],
  [42910, 42910],
  [42923, 42926],
  [42928, 42932],
  [42934, 42934],
  [42936, 42936],
  [42938, 42938],
  [42940, 42940],
  [42942, 42942],
  [42944, 42944],
  [42946, 42946],
  [42948, 42951],
  [42953, 42953],
  [42955, 42956],
  [42958, 42958],
  [42960, 42960],
  [42962, 42962],
  [42964, 42964],
  [42966, 42966],
  [42968, 42968],
  [42970, 42970],
  [42972, 42972],
  [42997, 42997],
  [66736, 66771],
  [66928, 66938],
  [66940, 66954],
  [66956, 66962],
  [66964, 66965],
  [68736, 68786],
  [68944, 68965],
  [71840, 71871],
  [93760, 93791],
  [93856, 93880],
  [125184, 125217],
];

function singleCodePoint(text: string): number | undefined {
  const code = text.codePointAt(0);
  return code !== undefined && text.length === (code > 0xffff ? 2 : 1) ? code : undefined;
}

const FOLDED = new Map<number, number>();

/** The code point as the trigram tokenizer (case_sensitive 0, remove_diacritics 0) folds it; 0 for one it skips. */
export function trigramFold(code: number): number {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? code + 32 : code;
  let folded = FOLDED.get(code);
  if (folded === undefined) FOLDED.set(code, (folded = foldOutsideAscii(code)));
  return folded;
}

function foldOutsideAscii(code: number): number {
  if (code === 0xfffe || code === 0xffff) return 0xfffd; // SQLite's UTF-8 reader takes these for U+FFFD
  if (UNFOLDED.some(([from, to]) => code >= from && code <= to)) return code;
  const char = String.fromCodePoint(code);
  const lower = singleCodePoint(char.toLowerCase());
  if (lower !== undefined && lower !== code) return lower;
  const upper = singleCodePoint(char.toUpperCase());
  const folded = upper === undefined ? undefined : singleCodePoint(String.fromCodePoint(upper).toLowerCase());
  return folded ?? code;
}

/** A text as the tokenizer reads it: its folded code points (NUL skipped) and where each starts in the string. */
type Chars = { folded: number[]; starts: number[]; length: number };

function charsOf(text: string): Chars {
  const folded: number[] = [];
  const starts: number[] = [];
  for (let at = 0; at < text.length; ) {
    const code = text.codePointAt(at) ?? 0;
    const fold = trigramFold(code);
    if (fold !== 0) {
      folded.push(fold);
      starts.push(at);
    }
    at += code > 0xffff ? 2 : 1;
  }
  return { folded, starts, length: text.length };
}

/** One phrase instance (xInst): the phrase's index, its first token, its size in tokens. */
type Instance = { phrase: number; offset: number; size: number };

/** Every instance of every phrase, in FTS5's order (fts5CacheInstArray): by token, then by phrase. */
function instancesOf(doc: Chars, terms: string[]): Instance[] {
  const found: Instance[] = [];
  terms.forEach((term, phrase) => {
    const want = charsOf(term).folded;
    if (want.length < 3) return;
    for (let offset = 0; offset + want.length <= doc.folded.length; offset++) {
      if (want.every((code, i) => doc.folded[offset + i] === code)) found.push({ phrase, offset, size: want.length - 2 });
    }
  });
  return found.sort((a, b) => a.offset - b.offset || a.phrase - b.phrase);
}

const isBlank = (unit: string) => unit === " " || unit === "\t" || unit === "\n" || unit === "\r";

/** The first token of each sentence (fts5SentenceFinderCb): token 0, and a token after '.' or ':' and blanks. */
function sentenceStarts(text: string, doc: Chars, tokens: number): number[] {
  const firsts: number[] = [];
  for (let token = 0; token < tokens; token++) {
    if (token === 0) {
      firsts.push(0);
      continue;
    }
    const start = doc.starts[token]!;
    let i = start - 1;
    let unit = "";
    for (; i >= 0; i--) {
      unit = text[i]!;
      if (!isBlank(unit)) break;
    }
    if (i !== start - 1 && (unit === "." || unit === ":")) firsts.push(token);
  }
  return firsts;
}

/** The first instance at or after a token (instances sorted by token). */
function firstAtOrAfter(instances: Instance[], token: number): number {
  let low = 0;
  let high = instances.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (instances[mid]!.offset < token) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** fts5SnippetScore: 1000 for each phrase's first instance in the window from `from`, 1 for each later; its centred start. */
function windowScore(instances: Instance[], tokens: number, from: number): { score: number; start: number } {
  const seen = new Set<number>();
  let score = 0;
  let first = -1;
  let last = 0;
  for (let i = firstAtOrAfter(instances, from); i < instances.length && instances[i]!.offset < from + SNIPPET_TOKENS; i++) {
    const { phrase, offset, size } = instances[i]!;
    score += seen.has(phrase) ? 1 : 1000;
    seen.add(phrase);
    if (first < 0) first = offset;
    last = offset + size;
  }
  let start = first - Math.trunc((SNIPPET_TOKENS - (last - first)) / 2);
  if (start + SNIPPET_TOKENS > tokens) start = tokens - SNIPPET_TOKENS;
  return { score, start: Math.max(0, start) };
}

/** The first token of the best-scoring window (fts5SnippetFunction's choice, sentence starts included). */
function bestStart(text: string, doc: Chars, tokens: number, instances: Instance[]): number {
  const firsts = sentenceStarts(text, doc, tokens);
  let best = { score: 0, start: 0 };
  for (const { offset } of instances) {
    const around = windowScore(instances, tokens, offset);
    if (around.score > best.score) best = around;
    if (firsts.length && tokens > SNIPPET_TOKENS) {
      let jj = 0;
      while (jj < firsts.length - 1 && firsts[jj + 1]! <= offset) jj++;
      const sentence = firsts[jj]!;
      if (sentence < offset) {
        const score = windowScore(instances, tokens, sentence).score + (sentence === 0 ? 120 : 100);
        if (score > best.score) best = { score, start: sentence };
      }
    }
  }
  return best.start;
}

/** fts5CInstIterNext: the next run of overlapping instances as [start, end] tokens, or [-1, -1]. */
function coalesced(instances: Instance[]) {
  const iter = { next: 0, start: -1, end: -1 };
  const advance = () => {
    iter.start = -1;
    iter.end = -1;
    for (; iter.next < instances.length; iter.next++) {
      const { offset, size } = instances[iter.next]!;
      const end = offset - 1 + size;
      if (iter.start < 0) [iter.start, iter.end] = [offset, end];
      else if (offset <= iter.end) iter.end = Math.max(iter.end, end);
      else break;
    }
  };
  advance();
  return { iter, advance };
}

/** The part's snippet as FTS5's snippet() gives it for the FTS5 query of `terms` (one phrase each) in this part. */
export function ftsSnippet(text: string, terms: string[]): string {
  const doc = charsOf(text);
  const tokens = Math.max(0, doc.folded.length - 2);
  const tokenEnd = (token: number) => doc.starts[token + 3] ?? text.length;
  const instances = instancesOf(doc, terms);
  const rangeStart = bestStart(text, doc, tokens, instances);
  const rangeEnd = rangeStart + SNIPPET_TOKENS - 1;
  const { iter, advance } = coalesced(instances);
  while (iter.start >= 0 && iter.start < rangeStart) advance();
  let out = rangeStart > 0 ? ELLIPSIS : "";
  let copied = 0;
  let open = false;
  const copyTo = (end: number) => {
    out += text.slice(copied, end);
    copied = end;
  };
  for (let token = rangeStart; token <= Math.min(rangeEnd, tokens - 1); token++) {
    const start = doc.starts[token]!;
    if (rangeStart && token === rangeStart) copied = start;
    if (open && (token <= iter.start || iter.start < 0) && start > copied) {
      out += MARK_END;
      open = false;
    }
    if (token === iter.start && !open) {
      copyTo(start);
      out += MARK_START;
      open = true;
    }
    if (token === iter.end) {
      if (!open) out += MARK_START;
      open = true;
      copyTo(tokenEnd(token));
      advance();
    }
    if (token === rangeEnd) {
      if (open) {
        if (iter.start >= 0 && token >= iter.start) copyTo(tokenEnd(token));
        out += MARK_END;
        open = false;
      }
      copyTo(tokenEnd(token));
    }
  }
  if (open) out += MARK_END;
  return rangeEnd >= tokens - 1 ? out + text.slice(copied) : out + ELLIPSIS;
}

import { compact, compactLongerThan, detached } from "./normalize";

/** The six numbered parts of the template, found by their headings. */
export const PARTS = ["overview", "proactive", "applications", "reviewLitigation", "problems", "other"] as const;
export type Part = (typeof PARTS)[number];

/** Offsets into the (normalised) text: a heading's line starts at `start`, its body at `bodyStart`. */
export type Heading = { part: Part; start: number; bodyStart: number };
export type Outline = Partial<Record<Part, Heading>>;

const ENUMERATOR = "(?:[一二三四五六1-6][、.,,:]?)?";
export const HEADING_PATTERNS: Record<Part, RegExp> = {
  overview: new RegExp(`^${ENUMERATOR}(?:政府信息公开工作)?总体情况`),
  proactive: new RegExp(`^${ENUMERATOR}主动公开政府信息(?:情况|工作)?`),
  applications: new RegExp(`^${ENUMERATOR}收到和处理政府信息公开申请(?:情况)?`),
  // The header row of 表四 also names 行政复议 and 行政诉讼, but never ends in 情况.
  reviewLitigation: new RegExp(`^${ENUMERATOR}.{0,12}复议.{0,8}诉讼.{0,4}情况$`),
  problems: new RegExp(`^${ENUMERATOR}[^、,，]{0,12}(?:存在的主要问题|主要问题及改进)`),
  other: new RegExp(`^${ENUMERATOR}其他需要报告的事项`),
};

/**
 * A character every heading of the part prints (the last of the word its pattern requires): a line without the
 * mark of any part still to be found is passed over before it is compacted, which most lines of a report are.
 * Keep in step with HEADING_PATTERNS.
 */
const HEADING_MARKS: Record<Part, string> = { overview: "况", proactive: "息", applications: "请", reviewLitigation: "况", problems: "题", other: "项" };
/** By the index of the first part still to be found: the marks of that part and the later ones. */
const MARKS_FROM = PARTS.map(
  (_, from) =>
    new RegExp(
      `[${PARTS.slice(from)
        .map((part) => HEADING_MARKS[part])
        .join("")}]`,
      "g",
    ),
);

function hasMark(line: string, from: number): boolean {
  const marks = MARKS_FROM[from]!;
  marks.lastIndex = 0;
  return marks.test(line);
}

const MAX_HEADING_LENGTH = 40;

/**
 * matchHeading's answers by line and the first part still to be found, kept across reports for lines up to
 * MAX_MEMO_LINE long: the template's headings and table lines recur in most reports. Bounded: started afresh at
 * MAX_MEMO lines; keys are copies (detached), so no report's text stays alive in the map.
 */
const HEADING_MEMO = new Map<string, (Part | null | undefined)[]>();
const MAX_MEMO = 5000;
const MAX_MEMO_LINE = 200;

function matchHeading(line: string, from: number): Part | null {
  // A sentence or a long line is no heading: told without the memo, which would hash the whole line first.
  if (notAHeading(line)) return null;
  if (line.length > MAX_MEMO_LINE) return headingOf(line, from);
  let answers = HEADING_MEMO.get(line);
  if (!answers) {
    if (HEADING_MEMO.size >= MAX_MEMO) HEADING_MEMO.clear();
    HEADING_MEMO.set(detached(line), (answers = []));
  }
  let part = answers[from];
  if (part === undefined) answers[from] = part = headingOf(line, from);
  return part;
}

/** A heading is short and is not a sentence: a wrapped line of the preamble that lists the parts is not one. */
function notAHeading(line: string): boolean {
  return line.includes("。") || compactLongerThan(line, MAX_HEADING_LENGTH);
}

function headingOf(line: string, from: number): Part | null {
  if (!hasMark(line, from) || notAHeading(line)) return null;
  const key = compact(line);
  if (key.length === 0) return null;
  for (let i = from; i < PARTS.length; i++) {
    const part = PARTS[i] as Part;
    if (HEADING_PATTERNS[part].test(key)) return part;
  }
  return null;
}

/**
 * Headings inside a line, for text whose line breaks were lost (a crawler's flattened page): only with the
 * part's own numeral or the next one (some reports add a part, 二、政务公开工作…, and number the rest on), so the
 * preamble that lists the parts (本报告由总体情况、主动公开…组成) is not taken.
 */
const GAP = "[^。\\d]";
const INLINE_PATTERNS: Record<Part, RegExp> = {
  overview: /[一1]\s*[、.]\s*(?:政府信息公开工作)?总\s*体\s*情\s*况/g,
  proactive: /[二三2-3]\s*[、.]\s*主\s*动\s*公\s*开\s*政\s*府\s*信\s*息(?:\s*情\s*况|\s*工\s*作)?/g,
  applications: /[三四3-4]\s*[、.]\s*收\s*到\s*和\s*处\s*理\s*政\s*府\s*信\s*息\s*公\s*开\s*申\s*请(?:\s*情\s*况)?/g,
  reviewLitigation: new RegExp(`[四五4-5]\\s*[、.]${GAP}{0,20}?复\\s*议${GAP}{0,10}?诉\\s*讼${GAP}{0,4}?情\\s*况`, "g"),
  problems: new RegExp(`[四五六七4-7]\\s*[、.]${GAP}{0,12}?(?:存在的主要问题|主要问题及改进)`, "g"),
  other: /[五六七八5-8]\s*[、.]\s*其\s*他\s*需\s*要\s*报\s*告\s*的\s*事\s*项/g,
};

/** The first inline heading of `part` at or after `from`. */
function findInline(text: string, part: Part, from: number): Heading | null {
  const pattern = INLINE_PATTERNS[part];
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match ? { part, start: match.index, bodyStart: match.index + match[0].length } : null;
}

/** Fills the parts the line-based search missed with inline headings, keeping template order. */
function addInlineHeadings(text: string, outline: Outline): Outline {
  const filled: Outline = {};
  let from = 0;
  for (const part of PARTS) {
    const laterFound = PARTS.slice(PARTS.indexOf(part) + 1)
      .map((p) => outline[p]?.start)
      .find((start) => start !== undefined);
    const inline = outline[part] ? null : findInline(text, part, from);
    const heading = outline[part] ?? (inline && (laterFound === undefined || inline.start < laterFound) ? inline : null);
    if (!heading) continue;
    filled[part] = heading;
    from = heading.bodyStart;
  }
  return filled;
}

/** Finds the headings in template order: short lines of their own, else (flattened text) inline headings. */
export function findOutline(text: string): Outline {
  const outline = findLineOutline(text);
  return PARTS.every((part) => outline[part]) ? outline : addInlineHeadings(text, outline);
}

/** Line by line, but only the lines holding a mark are looked at: the search jumps from mark to mark. */
function findLineOutline(text: string): Outline {
  const outline: Outline = {};
  let next = 0;
  for (let lineStart = 0; next < PARTS.length && lineStart <= text.length; ) {
    const marks = MARKS_FROM[next]!;
    marks.lastIndex = lineStart;
    const mark = marks.exec(text);
    if (!mark) break;
    const start = text.lastIndexOf("\n", mark.index) + 1;
    const newline = text.indexOf("\n", mark.index);
    const line = text.slice(start, newline < 0 ? text.length : newline);
    const part = matchHeading(line, next);
    if (part) {
      outline[part] = { part, start, bodyStart: start + line.length + 1 };
      next = PARTS.indexOf(part) + 1;
    }
    lineStart = start + line.length + 1;
  }
  return outline;
}

/** The body of a part: from its heading to the next heading found, or to the end. */
export function partRange(outline: Outline, part: Part, textLength: number): { start: number; end: number } | null {
  const heading = outline[part];
  if (!heading) return null;
  // The earliest start of a later part's heading (a loop: this runs several times per report).
  let end = Infinity;
  for (let i = PARTS.indexOf(part) + 1; i < PARTS.length; i++) {
    const start = outline[PARTS[i] as Part]?.start;
    if (start !== undefined && start < end) end = start;
  }
  return { start: Math.min(heading.bodyStart, textLength), end: end === Infinity ? textLength : end };
}

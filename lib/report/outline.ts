import { compact } from "./normalize";

/** The six numbered parts of the template, found by their headings. */
export const PARTS = ["overview", "proactive", "applications", "review", "problems", "other"] as const;
export type Part = (typeof PARTS)[number];

/** Offsets into the (normalised) text: a heading's line starts at `start`, its body at `bodyStart`. */
export type Heading = { part: Part; start: number; bodyStart: number };
export type Outline = Partial<Record<Part, Heading>>;

const ENUMERATOR = "(?:[一二三四五六1-6][、.,,:]?)?";
const HEADING_PATTERNS: Record<Part, RegExp> = {
  overview: new RegExp(`^${ENUMERATOR}(?:政府信息公开工作)?总体情况`),
  proactive: new RegExp(`^${ENUMERATOR}主动公开政府信息(?:情况|工作)?`),
  applications: new RegExp(`^${ENUMERATOR}收到和处理政府信息公开申请(?:情况)?`),
  // The header row of 表四 also names 行政复议 and 行政诉讼, but never ends in 情况.
  review: new RegExp(`^${ENUMERATOR}.{0,12}复议.{0,8}诉讼.{0,4}情况$`),
  problems: new RegExp(`^${ENUMERATOR}[^、,，]{0,12}(?:存在的主要问题|主要问题及改进)`),
  other: new RegExp(`^${ENUMERATOR}其他需要报告的事项`),
};

const MAX_HEADING_LENGTH = 40;

function matchHeading(line: string, from: number): Part | null {
  const key = compact(line);
  // A heading is short and is not a sentence: a wrapped line of the preamble that lists the parts is not one.
  if (key.length === 0 || key.length > MAX_HEADING_LENGTH || key.includes("。")) return null;
  for (let i = from; i < PARTS.length; i++) {
    const part = PARTS[i] as Part;
    if (HEADING_PATTERNS[part].test(key)) return part;
  }
  return null;
}

/** Finds the headings in template order; a heading is a short line of its own. */
export function findOutline(text: string): Outline {
  const outline: Outline = {};
  let next = 0;
  let offset = 0;
  for (const line of text.split("\n")) {
    const part = next < PARTS.length ? matchHeading(line, next) : null;
    if (part) {
      outline[part] = { part, start: offset, bodyStart: offset + line.length + 1 };
      next = PARTS.indexOf(part) + 1;
    }
    offset += line.length + 1;
  }
  return outline;
}

/** The body of a part: from its heading to the next heading found, or to the end. */
export function partRange(outline: Outline, part: Part, textLength: number): { start: number; end: number } | null {
  const heading = outline[part];
  if (!heading) return null;
  const later = PARTS.slice(PARTS.indexOf(part) + 1)
    .map((p) => outline[p]?.start)
    .filter((start): start is number => start !== undefined);
  return { start: Math.min(heading.bodyStart, textLength), end: later.length ? Math.min(...later) : textLength };
}

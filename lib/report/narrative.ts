import { partRange, type Outline, type Part } from "./outline";
import type { Sections } from "./schema";

/** Sections 一, 五 and 六 as printed (cut from the original text, so full-width punctuation stays). */

function cut(original: string, outline: Outline, part: Part): string | null {
  const range = partRange(outline, part, original.length);
  if (!range) return null;
  const body = original
    .slice(range.start, range.end)
    .split("\n")
    // trimEnd drops exactly what /\s+$/ matches, without trying the pattern at every space of the line.
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\[bookmark: [^\]]*\]/g, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return body || null;
}

export function parseSections(original: string, outline: Outline): Sections {
  return {
    overview: cut(original, outline, "overview"),
    problems: cut(original, outline, "problems"),
    other: cut(original, outline, "other"),
  };
}

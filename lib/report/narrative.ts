import { isSpace } from "./normalize";
import { partRange, type Outline, type Part } from "./outline";
import type { Sections } from "./schema";

/** Sections 一, 五 and 六 as printed (cut from the original text, so full-width punctuation stays). */

/** Whether the code unit ends a line with whitespace: a line break before a line break ends an empty line. */
const endsInSpace = (code: number) => code !== 10 && isSpace(code);

/** Whether a line of the text ends in whitespace (else trimming every line's end changes nothing). */
function hasTrailingSpace(text: string): boolean {
  for (let newline = text.indexOf("\n"); newline >= 0; newline = text.indexOf("\n", newline + 1)) {
    if (newline > 0 && endsInSpace(text.charCodeAt(newline - 1))) return true;
  }
  return text.length > 0 && endsInSpace(text.charCodeAt(text.length - 1));
}

/** Every line without its trailing whitespace; the text itself when no line has any (most sections). */
function linesTrimmed(text: string): string {
  if (!hasTrailingSpace(text)) return text;
  return (
    text
      .split("\n")
      // trimEnd drops exactly what /\s+$/ matches, without trying the pattern at every space of the line.
      .map((line) => line.trimEnd())
      .join("\n")
  );
}

function cut(original: string, outline: Outline, part: Part): string | null {
  const range = partRange(outline, part, original.length);
  if (!range) return null;
  const body = linesTrimmed(original.slice(range.start, range.end))
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

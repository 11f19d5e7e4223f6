import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compact, normalizeText } from "../lib/report/normalize";
import { findOutline, HEADING_PATTERNS, type Outline, PARTS } from "../lib/report/outline";
import { corpusReports, corpusText, DEFAULT_CORPUS } from "../lib/synth/corpus";

/** The line outline as the heading patterns alone give it: every line compacted and tried (no marks, no shortcuts). */
function plainLineOutline(text: string): Outline {
  const outline: Outline = {};
  let next = 0;
  let offset = 0;
  for (const line of text.split("\n")) {
    const key = compact(line);
    const part = key && key.length <= 40 && !key.includes("。") ? PARTS.slice(next).find((p) => HEADING_PATTERNS[p].test(key)) : undefined;
    if (part) {
      outline[part] = { part, start: offset, bodyStart: offset + line.length + 1 };
      next = PARTS.indexOf(part) + 1;
    }
    offset += line.length + 1;
  }
  return outline;
}

const REAL = join(import.meta.dirname, "fixtures", "real");

function realTexts(): string[] {
  return readdirSync(REAL, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(REAL, entry.name))
        .filter((file) => file.endsWith(".txt"))
        .map((file) => join(REAL, entry.name, file)),
    )
    .map((path) => normalizeText(readFileSync(path, "utf8")));
}

function syntheticTexts(count: number): string[] {
  const texts: string[] = [];
  for (const truth of corpusReports({ ...DEFAULT_CORPUS, reports: count })) texts.push(normalizeText(corpusText(truth)));
  return texts;
}

describe("findOutline", () => {
  it("passes over lines without a heading mark only where the heading patterns find nothing either", () => {
    const texts = [...realTexts(), ...syntheticTexts(300)];
    expect(texts.length).toBeGreaterThan(350);
    for (const text of texts) {
      const plain = plainLineOutline(text);
      // Where the line search finds every part, findOutline is that search; otherwise inline headings are added to it.
      const outline = findOutline(text);
      if (PARTS.every((part) => plain[part])) expect(outline).toEqual(plain);
      else for (const part of PARTS) if (plain[part]) expect(outline[part]).toEqual(plain[part]);
    }
  });
});

import { decodeText } from "./decode";
import type { ReadResult } from "./types";

const MARKDOWN_HEADING = /^#{1,6}[ \t]+\S/m;
/** A GFM table delimiter row: |---|:---:| (at least two cells, the outer pipes optional). */
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$/;

export function looksLikeMarkdown(text: string): boolean {
  return MARKDOWN_HEADING.test(text) || text.split("\n").some((line) => TABLE_RULE.test(line));
}

/** `| a | b |` → cells, honouring escaped pipes (\|). */
function pipeCells(line: string): string[] {
  const trimmed = line
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "");
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|").replace(/\*\*/g, ""));
}

const isPipeRow = (line: string): boolean => /^\s*\|.*\|\s*$/.test(line);

/** Markdown as the parser reads text: pipe-table rows as tab-separated lines, the |---| rules and heading marks dropped. */
export function markdownToText(markdown: string): string {
  const lines = markdown.split(/\r?\n/);
  const out: string[] = [];
  let inTable = false;
  lines.forEach((line, i) => {
    if (TABLE_RULE.test(line)) return void (inTable = true);
    const startsTable = TABLE_RULE.test(lines[i + 1] ?? "") && line.includes("|");
    if (startsTable || isPipeRow(line) || (inTable && line.includes("|"))) {
      inTable = true;
      return void out.push(pipeCells(line).join("\t"));
    }
    inTable = false;
    out.push(
      line
        .replace(/^#{1,6}[ \t]+/, "")
        .replace(/[ \t]+#+[ \t]*$/, "")
        .replace(/\*\*/g, ""),
    );
  });
  return out.join("\n");
}

export async function readText(bytes: Uint8Array): Promise<ReadResult> {
  const text = decodeText(bytes);
  if (looksLikeMarkdown(text)) return { text: markdownToText(text), mediaType: "text/markdown", pages: null, pageStarts: null };
  return { text, mediaType: "text/plain", pages: null, pageStarts: null };
}

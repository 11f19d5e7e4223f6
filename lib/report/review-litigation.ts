import { onlyReadings, readCells } from "./cells";
import { issue } from "./issues";
import { REVIEW_FIELDS, REVIEW_GROUPS, type Issue, type ReviewGroup, type ReviewLitigation } from "./schema";
import { tokenize, type Token } from "./tokens";

/** 表四: administrative reconsideration and litigation, fifteen numbers in one printed row. */

const CELL_COUNT = REVIEW_GROUPS.length * REVIEW_FIELDS.length;

const EMPTY_GROUP: Record<string, null> = {};
for (const field of REVIEW_FIELDS) EMPTY_GROUP[field] = null;

// Copies of one empty group: Object.fromEntries per group costs several times as much, on every parse.
export function emptyReviewLitigation(): ReviewLitigation {
  const review: Record<string, Record<string, null>> = {};
  for (const group of REVIEW_GROUPS) review[group] = { ...EMPTY_GROUP };
  return review as ReviewLitigation;
}

function fill(values: (number | null)[]): ReviewLitigation {
  const review = emptyReviewLitigation();
  for (let g = 0; g < REVIEW_GROUPS.length; g++) {
    const cells = review[REVIEW_GROUPS[g] as ReviewGroup];
    for (let f = 0; f < REVIEW_FIELDS.length; f++) cells[REVIEW_FIELDS[f]!] = values[g * REVIEW_FIELDS.length + f] ?? null;
  }
  return review;
}

/** A run of numbers followed by a unit or a date word is the narrative's (2024年，没有…行政复议), not the table's. */
const NARRATIVE_UNIT = /^\s*[年月日%％件条个份起次]/;

/** The runs of numbers of the table, each with the label text before it; figures of the narrative are skipped. */
function numberRuns(text: string): { label: string; numbers: Token[] }[] {
  const runs: { label: string; numbers: Token[] }[] = [];
  let label = "";
  let run: Token[] = [];
  for (const token of tokenize(text)) {
    if (token.kind === "num") {
      run.push(token);
      continue;
    }
    if (run.length && !NARRATIVE_UNIT.test(token.text)) runs.push({ label, numbers: run });
    if (run.length) label = "";
    label += token.text;
    run = [];
  }
  if (run.length) runs.push({ label, numbers: run });
  return runs;
}

/** What heads each group when a converter prints 表四 as three tables (### 行政复议, ### 行政诉讼（复议后起诉）). */
const GROUP_HEADS: readonly RegExp[] = [/行政复议(?!后)/, /未经复议|直接起诉/, /复议后/];

/**
 * The numbers of the table: the first run after the header labels that is not a figure of the narrative; or three
 * runs of five, each headed by its group's name, when the groups are printed as tables of their own.
 */
function tableNumbers(text: string): Token[] {
  const runs = numberRuns(text);
  const groups = runs.slice(0, REVIEW_GROUPS.length);
  const separate =
    groups.length === REVIEW_GROUPS.length && groups.every((run, g) => run.numbers.length === REVIEW_FIELDS.length && GROUP_HEADS[g]!.test(run.label));
  return separate ? groups.flatMap((run) => run.numbers) : (runs[0]?.numbers ?? []);
}

/** Each group's offset in the text: its first number's when the row has one number per cell, else the row's. */
function groupOffsets(numbers: Token[]): Partial<Record<ReviewGroup, number>> {
  const exact = numbers.length === CELL_COUNT;
  return Object.fromEntries(REVIEW_GROUPS.map((group, g) => [group, (exact ? numbers[g * REVIEW_FIELDS.length]! : numbers[0]!).at]));
}

/** `groupAt`: the offset in the given text of each group's numbers. */
export type ReviewLitigationResult = { reviewLitigation: ReviewLitigation; issues: Issue[]; groupAt: Partial<Record<ReviewGroup, number>> };

export function parseReviewLitigation(text: string | null): ReviewLitigationResult {
  const tokens = text === null ? [] : tableNumbers(text);
  if (tokens.length === 0) {
    const missing = issue("section.missing", "表四 (行政复议、行政诉讼) not found", "reviewLitigation");
    return { reviewLitigation: emptyReviewLitigation(), issues: [missing], groupAt: {} };
  }
  return { ...readReviewLitigation(tokens.map((t) => t.text)), groupAt: groupOffsets(tokens) };
}

function readReviewLitigation(numbers: string[]): Omit<ReviewLitigationResult, "groupAt"> {
  const cells = readCells(numbers, CELL_COUNT, REVIEW_FIELDS.length);
  switch (cells.kind) {
    case "exact":
      return { reviewLitigation: fill(cells.values), issues: [] };
    case "extra": {
      const message = `表四 has ${cells.printed} numbers for ${CELL_COUNT} columns; only the cells every alignment agrees on are kept`;
      return { reviewLitigation: fill(cells.values), issues: [issue("table.extraCells", message, "reviewLitigation")] };
    }
    case "glued": {
      const only = cells.fitting?.length === 1 ? cells.fitting[0] : cells.fitting?.length === 0 ? onlyReadings([cells], CELL_COUNT)?.[0] : null;
      if (only) return { reviewLitigation: fill(only), issues: [] };
      const message = "表四: the numbers run together and more than one reading fits; nothing is stored for this table";
      return { reviewLitigation: emptyReviewLitigation(), issues: [issue("table.ambiguous", message, "reviewLitigation")] };
    }
    case "notCount": {
      const message = `表四: "${cells.printed.join(" ")}" holds a decimal where counts belong; the table is not stored`;
      return { reviewLitigation: emptyReviewLitigation(), issues: [issue("value.notCount", message, "reviewLitigation")] };
    }
    case "missing": {
      const message = `表四 has ${cells.printed} numbers for ${CELL_COUNT} columns; the table is not stored`;
      return { reviewLitigation: emptyReviewLitigation(), issues: [issue("table.missingCells", message, "reviewLitigation")] };
    }
  }
}

import { onlyReadings, readCells } from "./cells";
import { issue } from "./issues";
import { REVIEW_FIELDS, REVIEW_GROUPS, type Issue, type ReviewLitigation } from "./schema";
import { tokenize } from "./tokens";

/** 表四: administrative reconsideration and litigation, fifteen numbers in one printed row. */

const CELL_COUNT = REVIEW_GROUPS.length * REVIEW_FIELDS.length;

export function emptyReviewLitigation(): ReviewLitigation {
  const nulls = () => Object.fromEntries(REVIEW_FIELDS.map((field) => [field, null]));
  return Object.fromEntries(REVIEW_GROUPS.map((group) => [group, nulls()])) as ReviewLitigation;
}

function fill(values: (number | null)[]): ReviewLitigation {
  const review = emptyReviewLitigation();
  REVIEW_GROUPS.forEach((group, g) =>
    REVIEW_FIELDS.forEach((field, f) => {
      review[group][field] = values[g * REVIEW_FIELDS.length + f] ?? null;
    }),
  );
  return review;
}

/** The numbers of the table: the run that follows the header labels. */
function tableNumbers(text: string): string[] {
  const tokens = tokenize(text);
  const firstNumber = tokens.findIndex((token) => token.kind === "num");
  if (firstNumber < 0) return [];
  const numbers: string[] = [];
  for (const token of tokens.slice(firstNumber)) {
    if (token.kind === "text") break;
    numbers.push(token.text);
  }
  return numbers;
}

export type ReviewResult = { reviewLitigation: ReviewLitigation; issues: Issue[] };

export function parseReviewLitigation(text: string | null): ReviewResult {
  const numbers = text === null ? [] : tableNumbers(text);
  if (numbers.length === 0) {
    return { reviewLitigation: emptyReviewLitigation(), issues: [issue("section.missing", "表四 (行政复议、行政诉讼) not found", "reviewLitigation")] };
  }
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
    case "missing": {
      const message = `表四 has ${cells.printed} numbers for ${CELL_COUNT} columns; the table is not stored`;
      return { reviewLitigation: emptyReviewLitigation(), issues: [issue("table.missingCells", message, "reviewLitigation")] };
    }
  }
}

import { readings } from "./readings";

/**
 * How the numbers printed after one label become a row of `count` cells.
 * - exact: as many numbers as columns;
 * - extra: more numbers than columns; a cell is kept only where every alignment gives the same value;
 * - glued: fewer numbers than columns, so separators were lost: `fitting` lists the readings whose totals
 *   hold (null when too many to list); the table decides among them;
 * - missing: the numbers cannot be read as `count` cells at all.
 */
export type RowCells =
  | { kind: "exact"; values: (number | null)[] }
  | { kind: "extra"; values: (number | null)[]; printed: number }
  | { kind: "glued"; pieces: string[]; fitting: number[][] | null }
  | { kind: "missing"; printed: number }
  | { kind: "notCount"; printed: string[] };

function certainCells(numbers: number[], count: number): (number | null)[] {
  const shifts = numbers.length - count;
  return Array.from({ length: count }, (_, i) => {
    const value = numbers[i] as number;
    for (let shift = 1; shift <= shifts; shift++) if (numbers[i + shift] !== value) return null;
    return value;
  });
}

/**
 * The glued rows as printed, when no reading keeps the identities: taken only if each row can be read
 * in exactly one way at all.
 */
export function onlyReadings(rows: { pieces: string[] }[], count: number): number[][] | null {
  const only = rows.map(({ pieces }) => readings(pieces, count));
  return only.every((list) => list?.length === 1) ? only.map((list) => list![0] as number[]) : null;
}

/** `groupSize`: the cells come in runs whose last cell is the total of the others (7 for 表三, 5 for 表四). */
export function readCells(pieces: string[], count: number, groupSize: number): RowCells {
  // One pass (this runs for every row of every table): the pieces as numbers, whether one is a decimal or blank.
  const numbers: number[] = new Array(pieces.length);
  let decimal = false;
  let blank = false;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    if (piece.includes(".")) decimal = true;
    if (piece === "") blank = true;
    numbers[i] = Number(piece);
  }
  // A decimal where a count belongs (1.5): a misprint or a misread; no reading of it is certain.
  if (decimal) return { kind: "notCount", printed: pieces };
  // A blank cell of a table line (26, five empty cells, 26) is blank, not 0.
  if (pieces.length === count && blank) return { kind: "exact", values: pieces.map((piece, i) => (piece === "" ? null : (numbers[i] as number))) };
  if (numbers.length === count) return { kind: "exact", values: numbers };
  if (numbers.length > count) return { kind: "extra", values: certainCells(numbers, count), printed: numbers.length };
  return { kind: "glued", pieces, fitting: readings(pieces, count, groupSize) };
}

const MAX_COMBINATIONS = 200_000;

export type Choice = { kind: "one"; rows: number[][] } | { kind: "none" } | { kind: "many" };

/**
 * The combinations of one reading per glued row under which `violations` finds nothing: exactly one is
 * taken; none means the report breaks an identity as printed; several (or too many to try) mean the
 * text cannot tell which numbers were printed.
 */
/** Calls `take` with every combination of one candidate per row, until it returns true (stop). */
function eachCombination(candidates: number[][][], take: (choice: number[][]) => boolean): void {
  const choice: number[][] = [];
  let stopped = false;
  const visit = (row: number): void => {
    if (stopped) return;
    if (row === candidates.length) {
      stopped = take(choice);
      return;
    }
    for (const values of candidates[row] as number[][]) {
      choice.push(values);
      visit(row + 1);
      choice.pop();
    }
  };
  visit(0);
}

const combinations = (candidates: number[][][]) => candidates.reduce((product, list) => product * list.length, 1);

export function chooseReadings(candidates: number[][][], violations: (choice: number[][]) => number): Choice {
  if (combinations(candidates) > MAX_COMBINATIONS) return { kind: "many" };
  let fit: number[][] | null = null;
  let many = false;
  eachCombination(candidates, (choice) => {
    if (violations(choice) > 0) return false;
    if (fit) return (many = true);
    fit = [...choice];
    return false;
  });
  if (many) return { kind: "many" };
  return fit ? { kind: "one", rows: fit } : { kind: "none" };
}

/**
 * When no combination keeps every identity (the report breaks one as printed): the one combination that breaks
 * the fewest, counting the rows' own totals too; null when several tie or there are too many to try.
 */
export function fewestViolations(candidates: number[][][], violations: (choice: number[][]) => number): number[][] | null {
  const size = combinations(candidates);
  if (size === 0 || size > MAX_COMBINATIONS) return null;
  let best: number[][] | null = null;
  let fewest = Infinity;
  let tied = false;
  eachCombination(candidates, (choice) => {
    const count = violations(choice);
    if (count < fewest) [best, fewest, tied] = [[...choice], count, false];
    else if (count === fewest) tied = true;
    return false;
  });
  return tied ? null : best;
}
